// The spec's operations as the planner reads them: path and query parameters, the JSON request body and its
// variants with their examples, the documented success statuses, and the x-nexor-* extensions that decide what a
// live run may send (docs/extensions.md). Everything here is read from the bundled spec; nothing is restated.
import { partValidatorAt } from "./documented.js";
import { httpMethods } from "./openapi-document.js";
import { pointerSegment, resolveRef, spec } from "./spec.js";

/** A JSON Schema as it appears in the spec: an object, or `true`/`false`. */
export type Schema = Record<string, unknown> | boolean;

/** A path or query parameter. */
export interface Parameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  /** JSON pointer of the parameter's schema in the bundled spec. */
  schemaPointer: string;
  schema: Record<string, unknown>;
  /** Query arrays: `true` repeats the name (`a=1&a=2`), `false` joins the values with commas (OpenAPI's default is true). */
  explode: boolean;
  /** The parameter's own example, when the spec gives one. */
  example?: unknown;
}

/** One shape a request body may take: a branch of the body's `oneOf`/`anyOf`, or the body schema itself. */
export interface Variant {
  /** The name of the first request example that fits this shape, else `<title or "body"> <n>`. */
  name: string;
  /** JSON pointer of the shape's schema. */
  pointer: string;
  /** The request examples that fit this shape (and no earlier one), by name. */
  examples: Array<{ name: string; value: unknown }>;
}

export interface Operation {
  operationId: string;
  /** Upper case: `POST`. */
  method: string;
  /** The path template as the spec writes it: `/leads/{id}/tags`. */
  path: string;
  /** JSON pointer of the Operation Object. */
  pointer: string;
  /** The operation's first tag; operations are grouped by it. */
  tag: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON request body; absent for an operation without one. */
  body?: { pointer: string; required: boolean; variants: Variant[] };
  /** Documented statuses by key (`200`, `4XX`, `default`). */
  responses: string[];
  /** `x-nexor-contacts`: whom the operation may reach outside the API (`lead`, `host`); empty when no one. */
  contacts: string[];
  /** `x-nexor-contacts-when`: body fields without which it reaches no one. */
  contactsWhen: string[];
  /** `x-nexor-pagination`: the array of the 200 body that holds the page, and the field counting every item. */
  pagination?: { items: string; total?: string };
  /** `x-nexor-bulk`: the body may be an array of up to `maxItems` items; `partial`: an invalid item fails alone. */
  bulk?: { maxItems: number; partial: boolean };
}

interface RawParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
  style?: string;
  explode?: boolean;
  example?: unknown;
  examples?: Record<string, { value?: unknown } | { $ref: string }>;
}

/** Every operation of the spec, in the order the spec lists them. */
export const operations: readonly Operation[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, unknown>)
    .filter(([method]) => httpMethods.includes(method))
    .map(([method]) => readOperation(path, method, item as Record<string, unknown>)),
);

const byId = new Map(operations.map((operation) => [operation.operationId, operation]));

/** The operation with this operationId; throws for one the spec does not have. */
export function operationById(operationId: string): Operation {
  const found = byId.get(operationId);
  if (!found) throw new Error(`the spec has no operation ${operationId}`);
  return found;
}

/** The tags of the spec's operations, in the order they first appear. */
export const operationTags: readonly string[] = [...new Set(operations.map((operation) => operation.tag))];

function readOperation(path: string, method: string, item: Record<string, unknown>): Operation {
  const itemPointer = `/paths/${pointerSegment(path)}`;
  const pointer = `${itemPointer}/${method}`;
  const op = item[method] as Record<string, unknown>;
  const operationId = op.operationId as string;
  if (!operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
  // Operation-level parameters override path-level ones of the same name and location.
  const listed = [
    ...((item.parameters ?? []) as unknown[]).map((entry, index) => [entry, `${itemPointer}/parameters/${index}`] as const),
    ...((op.parameters ?? []) as unknown[]).map((entry, index) => [entry, `${pointer}/parameters/${index}`] as const),
  ].map(([entry, at]) => readParameter(entry, at));
  const parameters = [...new Map(listed.map((parameter) => [`${parameter.in} ${parameter.name}`, parameter])).values()];
  const contacts = (op["x-nexor-contacts"] ?? []) as string[];
  return {
    operationId,
    method: method.toUpperCase(),
    path,
    pointer,
    tag: ((op.tags ?? []) as string[])[0] ?? "Untagged",
    pathParams: parameters.filter((parameter) => parameter.in === "path"),
    queryParams: parameters.filter((parameter) => parameter.in === "query"),
    ...readBody(operationId, pointer, op.requestBody),
    responses: Object.keys(op.responses as object),
    contacts,
    contactsWhen: (op["x-nexor-contacts-when"] ?? []) as string[],
    ...(op["x-nexor-pagination"] !== undefined && { pagination: op["x-nexor-pagination"] as Operation["pagination"] }),
    ...(op["x-nexor-bulk"] !== undefined && { bulk: op["x-nexor-bulk"] as Operation["bulk"] }),
  };
}

function readParameter(entry: unknown, at: string): Parameter & { in: string } {
  const ref = (entry as { $ref?: string }).$ref;
  const parameterPointer = typeof ref === "string" ? ref.replace(/^#/, "") : at;
  const raw = resolveRef(entry as RawParameter);
  if (raw.in !== "path" && raw.in !== "query") {
    // Headers and cookies: the suite sends only the key header, which security covers.
    return { ...raw, in: raw.in, required: false, schemaPointer: "", schema: {}, explode: true } as Parameter & { in: string };
  }
  if (raw.style && raw.style !== (raw.in === "path" ? "simple" : "form")) {
    throw new Error(`${parameterPointer}: the ${raw.style} style is not supported by the contract suite`);
  }
  const firstExample = raw.examples && Object.values(raw.examples)[0];
  const example = raw.example ?? (firstExample && resolveRef<{ value?: unknown }>(firstExample).value);
  return {
    name: raw.name,
    in: raw.in,
    required: raw.in === "path" || raw.required === true,
    schemaPointer: `${parameterPointer}/schema`,
    schema: resolveRef(raw.schema ?? {}) as Record<string, unknown>,
    explode: raw.explode ?? true,
    ...(example !== undefined && { example }),
  };
}

function readBody(operationId: string, pointer: string, requestBody: unknown): Pick<Operation, "body"> {
  if (requestBody === undefined) return {};
  const body = resolveRef(
    requestBody as { required?: boolean; content?: Record<string, { schema?: unknown; examples?: object; example?: unknown }> },
  );
  const media = body.content?.["application/json"];
  if (!media?.schema) {
    throw new Error(
      `${operationId}: only application/json request bodies are supported (found ${Object.keys(body.content ?? {}).join(", ")})`,
    );
  }
  const bodyPointer = `${pointer}/requestBody/content/application~1json/schema`;
  const examples: Array<{ name: string; value: unknown }> = media.examples
    ? Object.entries(media.examples).map(([name, example]) => ({ name, value: resolveRef<{ value: unknown }>(example).value }))
    : media.example !== undefined
      ? [{ name: "example", value: media.example }]
      : [];
  const schema = resolveRef(media.schema) as { oneOf?: unknown[]; anyOf?: unknown[]; title?: string };
  const schemaAt = refTarget(media.schema) ?? bodyPointer;
  const branches = schema.oneOf ? "oneOf" : schema.anyOf ? "anyOf" : undefined;
  const shapes = branches
    ? (schema[branches] as unknown[]).map((branch, index) => ({
        pointer: refTarget(branch) ?? `${schemaAt}/${branches}/${index}`,
        title: (resolveRef(branch) as { title?: string }).title,
      }))
    : [{ pointer: schemaAt, title: schema.title }];
  // Sorting the examples into shapes compiles a validator per shape: done when a run first reads the operation's
  // variants, not for every operation when the module loads, so a run of a few operations (a process of its own, as
  // CI starts it) compiles only theirs. Read once, then kept.
  let variants: Variant[] | undefined;
  const readVariants = (): Variant[] => {
    const unassigned = [...examples];
    const read = shapes.map(({ pointer: shape, title }, index) => {
      const fits = unassigned.filter((example) => partValidatorAt(shape)(example.value));
      for (const example of fits) unassigned.splice(unassigned.indexOf(example), 1);
      return { name: fits[0]?.name ?? `${title ?? "body"} ${index + 1}`, pointer: shape, examples: fits };
    });
    if (unassigned.length) {
      throw new Error(`${operationId}: the request examples ${unassigned.map((example) => example.name).join(", ")} fit no body shape`);
    }
    return read;
  };
  return {
    body: {
      pointer: bodyPointer,
      required: body.required === true,
      get variants() {
        variants ??= readVariants();
        return variants;
      },
    },
  };
}

// The pointer a `{ $ref: "#/…" }` names, or undefined for an inline schema.
function refTarget(schema: unknown): string | undefined {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === "string" && ref.startsWith("#/") ? ref.slice(1) : undefined;
}

/** The value at a JSON pointer of the bundled spec. */
export function atPointer(pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")],
      spec,
    );
}
