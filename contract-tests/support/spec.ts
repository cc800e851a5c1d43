// The bundled contract, loaded once, and Ajv 2020-12 validators compiled from it. The contract suite judges every
// response with these, independently of Prism's own validator (which reads OpenAPI 3.1 schemas as draft-07).
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { methodTree } from "../../generated/operations.js";
import type { RequestSchema } from "../../generated/request-schemas.js";
import type { MethodTree, OperationEntry } from "../../src/core/operation.js";
import { bundlePath } from "./bundle-path.js";
import { resolveRefIn } from "./openapi-document.js";

export { bundlePath };

/** The parts of an OpenAPI document this suite reads. */
export interface OpenApiDocument {
  info: { title: string; version: string };
  paths: Record<string, Record<string, OperationObject>>;
  components: Record<string, Record<string, unknown>>;
}
export interface OperationObject {
  operationId: string;
  /** The client's method for the operation, as "resource.method"; absent where the client has none. */
  "x-nexor-method"?: string;
  requestBody?: { content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject | { $ref: string }>;
}
export interface ResponseObject {
  description: string;
  headers?: Record<string, { required?: boolean; schema?: unknown }>;
  content?: Record<string, MediaTypeObject>;
}
export interface MediaTypeObject {
  schema?: unknown;
  examples?: Record<string, { $ref: string } | { value: unknown }>;
}

export const spec = JSON.parse(readFileSync(bundlePath, "utf8")) as OpenApiDocument;

const SPEC_ID = "nexor:openapi.json";
// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Validators for the schemas of an OpenAPI document, each compiled once by its JSON pointer. The whole document is
 * registered so that any schema in it can be compiled and its `#/components/...` references resolve. `strict: false`
 * is for documents derived from the spec by removing keywords, which may leave a type-specific keyword without its type.
 */
export function documentValidators(document: object, id: string, strict = true): (pointer: string) => ValidateFunction {
  // Strict, with two exceptions the spec needs: union types (`type: [string, number, boolean]`, not only nullable
  // ones), and `required` in an anyOf branch naming a field the enclosing object declares ("ends_at or
  // duration_minutes"), which strictRequired would look for in the branch itself.
  // A lenient document is derived from the spec, which the strict instance has already checked against the JSON Schema
  // meta-schema: checking it again costs some 60 ms per process, for nothing.
  const ajv = new Ajv2020({ allErrors: true, strict, validateSchema: strict, allowUnionTypes: true, strictRequired: false, verbose: true });
  addFormats(ajv);
  // The OpenAPI-only top-level keys, OpenAPI's own schema keywords (discriminator, xml, externalDocs, example) and
  // vendor extensions are annotations for Ajv, declared as inert keywords.
  ajv.addVocabulary([
    ...["openapi", "info", "jsonSchemaDialect", "servers", "security", "tags", "paths", "webhooks", "components"],
    ...["discriminator", "xml", "externalDocs", "example"],
    ...extensionKeys(document),
  ]);
  ajv.addSchema({ ...document, $id: id });
  const compiled = new Map<string, ValidateFunction>();
  return (pointer) => {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${id}#${pointer}` });
      compiled.set(pointer, validate);
    }
    return validate;
  };
}

/** Every vendor extension (`x-…`) used anywhere in a document: inert for validation, but Ajv's strict mode must know them. */
export function extensionKeys(document: unknown): string[] {
  const keys = new Set<string>();
  (function collect(node: unknown): void {
    if (!node || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node)) {
      if (key.startsWith("x-")) keys.add(key);
      collect(child);
    }
  })(document);
  return [...keys];
}

const specValidators = documentValidators(spec, SPEC_ID);

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** A validator for the schema at `pointer` (e.g. `/components/schemas/ErrorResponse`) in the bundled spec. */
export function validatorAt(pointer: string): ValidateFunction {
  return specValidators(pointer);
}

/** Follows a local `$ref` (`#/components/...`) to the object it names. */
export function resolveRef<T>(value: T | { $ref: string }): T {
  return resolveRefIn(spec, value);
}

/** The operation with this operationId, with its path and method. */
export function operation(operationId: string): { path: string; method: string; pointer: string; op: OperationObject } {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.operationId === operationId) {
        return { path, method, pointer: `/paths/${pointerSegment(path)}/${method}`, op };
      }
    }
  }
  throw new Error(`No operation ${operationId} in ${bundlePath}`);
}

/** A validator for the JSON request body of an operation. */
export function requestBodyValidator(operationId: string): ValidateFunction {
  const { pointer } = operation(operationId);
  return validatorAt(`${pointer}/requestBody/content/application~1json/schema`);
}

/** Every operationId of the spec, in the order of its paths. */
export const operationIds: string[] = Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));

/**
 * The request-body schema the client validates an operation's body with: the `schema` of its entry in the generated
 * method tree, reached by the operation's x-nexor-method. Undefined for an operation without a client method or a body.
 */
export function clientRequestSchema(operationId: string): RequestSchema | undefined {
  const method = operation(operationId).op["x-nexor-method"];
  if (method === undefined) return undefined;
  let node: MethodTree | OperationEntry = methodTree;
  for (const name of method.split(".")) node = (node as MethodTree)[name]!;
  return (node as OperationEntry).schema;
}

/** The named examples of an operation's JSON request body, as `{ name: value }`. */
export function requestExamples(operationId: string): Record<string, unknown> {
  const media = operation(operationId).op.requestBody?.content["application/json"];
  return exampleValues(media);
}

/** The named examples of an operation's JSON response for a status, as `{ name: value }`. */
export function responseExamples(operationId: string, status: string): Record<string, unknown> {
  const response = resolveRef(operation(operationId).op.responses[status]);
  return exampleValues(response?.content?.["application/json"]);
}

function exampleValues(media: MediaTypeObject | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(media?.examples ?? {}).map(([name, example]) => [name, resolveRef<{ value: unknown }>(example).value]),
  );
}

/** Ajv's errors as one readable line each: `/lead_id must match format "uuid"`. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || "(body)"} ${error.message ?? "is invalid"}`);
}

// Every object in the bundled spec, by identity, mapped to its JSON pointer. Ajv hands back the very schema object an
// error sits in (`parentSchema`, with `verbose`), so this names the failing keyword by its place in the spec rather
// than by Ajv's path, which restarts at every inlined $ref.
const pointers = new WeakMap<object, string>();
(function index(node: unknown, pointer: string): void {
  if (!node || typeof node !== "object" || pointers.has(node)) return;
  pointers.set(node, pointer);
  for (const [key, child] of Object.entries(node)) index(child, `${pointer}/${pointerSegment(key)}`);
})(spec, "");

/** Where in the bundled spec an Ajv error's keyword sits: `#/components/schemas/LeadId/format`. */
export function schemaLocation(error: ErrorObject): string {
  const parent = error.parentSchema && pointers.get(error.parentSchema);
  return parent === undefined ? error.schemaPath : `#${parent}/${error.keyword}`;
}

/** A response an operation documents, with the JSON pointer of its (ref-resolved) Response Object. */
export interface DocumentedResponse {
  /** The key it is documented under: `200`, `4XX` or `default`. */
  key: string;
  pointer: string;
  response: ResponseObject;
}

/** The response an operation documents for a status (exact code, then `4XX`-style range, then `default`). */
export function documentedResponse(operationId: string, status: number): DocumentedResponse | undefined {
  const { pointer, op } = operation(operationId);
  const key = [String(status), `${String(status)[0]}XX`, "default"].find((candidate) => candidate in op.responses);
  if (key === undefined) return undefined;
  const entry = op.responses[key]!;
  const target = "$ref" in entry ? entry.$ref.replace(/^#/, "") : `${pointer}/responses/${pointerSegment(key)}`;
  return { key, pointer: target, response: resolveRef(entry) };
}

/** One branch of a request body's `oneOf`, with the name of the request example that exercises it. */
export interface RequestVariant {
  /** The request example of this branch (`whatsapp_text`); its response example has the same name. */
  name: string;
  /** JSON pointer of the branch's schema, e.g. `/components/schemas/CallMessageRequest`. */
  pointer: string;
  schema: Record<string, unknown>;
}

/**
 * The branches of an operation's JSON request body, each named after the one request example it accepts. A spec
 * whose branch has no example, or whose example fits two branches, is refused: the suite needs one name per branch.
 */
export function requestVariants(operationId: string): RequestVariant[] {
  const bodyPointer = `${operation(operationId).pointer}/requestBody/content/application~1json/schema`;
  const body = resolveRef(operation(operationId).op.requestBody?.content["application/json"]?.schema) as {
    oneOf?: Array<{ $ref: string }>;
  };
  const examples = Object.entries(requestExamples(operationId));
  return (body.oneOf ?? [{ $ref: `#${bodyPointer}` }]).map((branch) => {
    const pointer = branch.$ref.replace(/^#/, "");
    const fits = examples.filter(([, value]) => validatorAt(pointer)(value)).map(([name]) => name);
    if (fits.length !== 1)
      throw new Error(`${pointer} is exercised by ${fits.length} request examples (${fits.join(", ")}); the suite needs exactly one`);
    return { name: fits[0]!, pointer, schema: resolveRef(branch) as Record<string, unknown> };
  });
}
