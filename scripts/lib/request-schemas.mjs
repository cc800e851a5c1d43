// Writes generated/request-schemas.ts: the type of a request schema and the string formats' expressions, for the
// client's local validation (src/internal/validate.ts). The schemas themselves, the JSON request body and the path and
// query parameters of every operation with references inlined and annotations dropped, are built here
// (operationSchemas) and written into each operation's entry of the method tree (scripts/lib/operations.mjs).
// Why not Ajv's standalone code: naming the field to fix needs a verdict per oneOf branch (which channel and variant the
// caller meant), and Ajv's code for the branches is 32 KB minified / 1.8 kB gzip before any message mapping; this data
// plus the evaluator, messages included, is 5 KB / 1.7 kB. The evaluator implements only SUPPORTED_KEYWORDS, so any
// other keyword in a request schema stops the generator here instead of being ignored at run time, and a differential
// test holds its verdicts to Ajv 2020's.
import { fullFormats } from "ajv-formats/dist/formats.js";

/** Keywords the evaluator implements; a request schema that uses any other keyword fails generation. */
export const SUPPORTED_KEYWORDS = [
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "oneOf",
  "anyOf",
  "allOf",
  "not",
  "const",
  "enum",
  "format",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
];
/** Keywords that never change whether a value is valid. The spec's own `x-nexor-*` extensions are annotations too. */
const ANNOTATIONS = new Set(["title", "description", "examples", "example", "default", "deprecated", "readOnly", "writeOnly"]);
const isAnnotation = (keyword) => ANNOTATIONS.has(keyword) || keyword.startsWith("x-nexor-");
/** Keywords whose value is a schema, and those whose value is a list of schemas. */
const SUBSCHEMA = new Set(["items", "not"]);
const SUBSCHEMAS = new Set(["oneOf", "anyOf", "allOf"]);
/**
 * String formats ajv-formats checks with a function rather than a regular expression: src/internal/validate.ts writes
 * these out as ajv-formats' full mode does, and the differential test holds them to Ajv.
 */
export const CODED_FORMATS = ["date", "date-time"];
/** Number formats that accept every number in ajv-formats (`double`, `float`): documentation only, dropped. */
const NUMBER_ANNOTATION_FORMATS = new Set(["double", "float"]);

function resolvePointer(document, ref) {
  if (!ref.startsWith("#/")) throw new Error(`Only local references are supported, found ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((node, part) => node?.[part], document);
}

/** Inlines `$ref`s, drops annotations and checks every keyword, reporting the schema path of a failure. */
function reduce(document, schema, path, seen = []) {
  if (typeof schema === "boolean") return schema;
  if (schema.$ref) {
    if (Object.keys(schema).some((key) => key !== "$ref" && !isAnnotation(key))) {
      throw new Error(`${path}: keywords beside $ref are not supported`);
    }
    if (seen.includes(schema.$ref)) throw new Error(`${path}: recursive reference ${schema.$ref} is not supported`);
    return reduce(document, resolvePointer(document, schema.$ref), schema.$ref, [...seen, schema.$ref]);
  }
  const out = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (isAnnotation(keyword)) continue;
    if (!SUPPORTED_KEYWORDS.includes(keyword)) {
      throw new Error(`${path}: keyword "${keyword}" is not supported by the client's request validation`);
    }
    if (keyword === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, reduce(document, sub, `${path}/properties/${name}`, seen)]),
      );
    } else if (SUBSCHEMAS.has(keyword)) {
      out[keyword] = value.map((sub, index) => reduce(document, sub, `${path}/${keyword}/${index}`, seen));
    } else if (SUBSCHEMA.has(keyword) || (keyword === "additionalProperties" && typeof value === "object")) {
      out[keyword] = reduce(document, value, `${path}/${keyword}`, seen);
    } else if (keyword === "format" && NUMBER_ANNOTATION_FORMATS.has(value)) {
      // Dropped: it constrains nothing.
    } else if (keyword === "pattern") {
      // The evaluator compiles it as Ajv does, with the `u` flag; a pattern that does not compile stops here.
      new RegExp(value, "u");
      out.pattern = value;
    } else {
      // The evaluator compares const and enum values with ===, which is exact for primitives only.
      const values = keyword === "const" ? [value] : keyword === "enum" ? value : [];
      if (values.some((item) => item !== null && typeof item === "object")) {
        throw new Error(`${path}: ${keyword} with an object or array value is not supported`);
      }
      out[keyword] = value;
    }
  }
  return out;
}

/** JSON types: a leaf schema of one of these alone is written as its name. */
const TYPE_NAMES = new Set(["string", "number", "integer", "boolean", "null", "array", "object"]);

/**
 * `schema` with its leaves written tersely, for the bundle: `{type: T}` alone as `"T"`, and `{type: "string", format: F}`
 * alone as `"F"`. The evaluator reads a string schema back the same way; a format named like a type stops here.
 */
function terse(schema) {
  if (Array.isArray(schema)) return schema.map(terse);
  if (!schema || typeof schema !== "object") return schema;
  const keys = Object.keys(schema).sort().join();
  if (keys === "type" && TYPE_NAMES.has(schema.type)) return schema.type;
  if (keys === "format,type" && schema.type === "string") {
    if (TYPE_NAMES.has(schema.format)) throw new Error(`format "${schema.format}" is named like a JSON type`);
    return schema.format;
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "properties" ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, terse(sub)])) : terse(value),
    ]),
  );
}

function collectFormats(schema, found = new Set()) {
  if (schema && typeof schema === "object") {
    if (typeof schema.format === "string") found.add(schema.format);
    for (const value of Object.values(schema)) collectFormats(value, found);
  }
  return found;
}

/**
 * Every operation's request schemas, by operationId: the JSON body's (`schemas`) and its path and query parameters'
 * (`parameters`), leaves written tersely. The client reads them from its method tree (generated/operations.ts); this
 * file's copy keyed by operationId is for tests and tools.
 */
export function operationSchemas(document) {
  const schemas = {};
  const parameters = {};
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation?.operationId) continue;
      const schema = operation.requestBody?.content?.["application/json"]?.schema;
      if (schema) schemas[operation.operationId] = reduce(document, schema, `#/paths/${path}/${method}/requestBody`);
      const declared = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) =>
        parameter.$ref ? resolvePointer(document, parameter.$ref) : parameter,
      );
      const byPlace = {};
      for (const place of ["path", "query"]) {
        const own = declared.filter((parameter) => parameter.in === place);
        if (!own.length) continue;
        // The parameters of one place as one object, so that the evaluator names each by its parameter name. The path's
        // object is the one the client builds from a method's positional ids, each already checked to be there and a
        // string, so only its properties' schemas are written.
        const properties = Object.fromEntries(own.map((parameter) => [parameter.name, parameter.schema ?? true]));
        const required = own.filter((parameter) => parameter.required).map((parameter) => parameter.name);
        const object = place === "path" ? { properties } : { type: "object", properties, ...(required.length && { required }) };
        byPlace[place] = reduce(document, object, `#/paths/${path}/${method}/parameters`);
      }
      if (Object.keys(byPlace).length) parameters[operation.operationId] = byPlace;
    }
  }
  return { schemas: terse(schemas), parameters: terse(parameters) };
}

/** The TypeScript source of generated/request-schemas.ts for a bundled OpenAPI document. */
export function requestSchemasSource(document) {
  const { schemas, parameters } = operationSchemas(document);
  const webhooks = webhookSchemas(document);
  const formats = [...collectFormats([schemas, parameters, webhooks])]
    .sort()
    .filter((name) => !CODED_FORMATS.includes(name))
    .map((name) => {
      // The same definitions Ajv (the contract suite) and Prism use, so every validator agrees on what a uuid is.
      const format = fullFormats[name];
      if (!(format instanceof RegExp)) throw new Error(`format "${name}" has no regular expression in ajv-formats`);
      return `  ${JSON.stringify(name)}: ${format},`;
    });

  return `// This file was generated by scripts/generate.mjs from openapi.yaml. Do not make direct changes to the file.

/**
 * A request-body schema, reduced to the keywords the client's validator implements. A string is a leaf written
 * tersely: a JSON type's name for \`{type}\` alone, any other name for \`{type: "string", format}\` alone.
 */
export type RequestSchema =
  | boolean
  | string
  | {
      type?: string | string[];
      properties?: Record<string, RequestSchema>;
      required?: string[];
      additionalProperties?: RequestSchema;
      items?: RequestSchema;
      oneOf?: RequestSchema[];
      anyOf?: RequestSchema[];
      allOf?: RequestSchema[];
      not?: RequestSchema;
      const?: unknown;
      enum?: unknown[];
      format?: string;
      minLength?: number;
      maxLength?: number;
      pattern?: string;
      minimum?: number;
      maximum?: number;
      minItems?: number;
      maxItems?: number;
    };

/** Regular expressions of the string formats the schemas use, as ajv-formats defines them (date and date-time are
 * checked in code by the evaluator, as ajv-formats does). */
export const formats: Record<string, RegExp> = {
${formats.join("\n")}
};
`;
}

/**
 * The schema of every webhook delivery, by event_type (the webhook's key), and of the envelope they share: the
 * schema every event's allOf references, which an event this spec does not know is held to.
 */
export function webhookSchemas(document) {
  const events = Object.entries(document.webhooks ?? {}).map(([eventType, item]) => {
    const schema = item.post?.requestBody?.content?.["application/json"]?.schema;
    if (!schema) throw new Error(`webhook ${eventType} has no JSON body`);
    return [eventType, schema];
  });
  if (!events.length) return { events: {}, envelope: { type: "object" } };
  const refsOf = (schema) => {
    const target = schema.$ref ? resolvePointer(document, schema.$ref) : schema;
    return (target.allOf ?? []).map((member) => member.$ref).filter(Boolean);
  };
  const shared = refsOf(events[0][1]).filter((ref) => events.every(([, schema]) => refsOf(schema).includes(ref)));
  if (shared.length !== 1) throw new Error(`the webhooks must share exactly one envelope schema in their allOf, found ${shared.length}`);
  return {
    envelopeRef: shared[0],
    events: Object.fromEntries(events.map(([eventType, schema]) => [eventType, reduce(document, schema, `#/webhooks/${eventType}`)])),
    envelope: reduce(document, { $ref: shared[0] }, shared[0]),
  };
}

/** `schema` without its `format` keywords, deeply. */
function withoutFormats(schema) {
  if (Array.isArray(schema)) return schema.map(withoutFormats);
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== "format")
      .map(([key, value]) => [key, withoutFormats(value)]),
  );
}

/** The TypeScript source of generated/webhooks.ts: what parseWebhook holds a delivery to, and the deliveries' types. */
export function webhooksSource(document) {
  const { envelopeRef, events, envelope } = webhookSchemas(document);
  const name = envelopeRef?.slice(envelopeRef.lastIndexOf("/") + 1);
  return `// This file was generated by scripts/generate.mjs from openapi.yaml. Do not make direct changes to the file.
import type { ${name ? "components, " : ""}webhooks } from "./openapi.js";
import type { RequestSchema } from "./request-schemas.js";

/** The event types the spec documents, each the key of a webhook. */
export const webhookEventTypes: readonly string[] = ${JSON.stringify(Object.keys(events))};

/**
 * The envelope every delivery shares, without its formats: a receiver checks that a delivery is one (its fields'
 * types), not that Nexor formats each id and timestamp as the contract says, which is the contract suite's question.
 */
export const envelopeSchema: RequestSchema = ${JSON.stringify(withoutFormats(envelope), null, 2)};

/** The fields of every delivery. */
export type WebhookEnvelope = ${name ? `components["schemas"][${JSON.stringify(name)}]` : "Record<string, unknown>"};

/** Each documented delivery, by event_type. */
export type WebhookPayloads = { [K in keyof webhooks]: NonNullable<webhooks[K]["post"]>["requestBody"]["content"]["application/json"] };
`;
}
