// Reading a response as its documented media type: which schema applies, and what Ajv says about the body.
import { pointerSegment, schemaLocation, validatorAt } from "../spec.js";
import type { Exchange, SchemaError } from "./types.js";

/** The media type of a Content-Type value, lower-case, without parameters: `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type && /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : undefined;
}

/** Whether a documented media range (`application/json`, `application/*`, `*\/*`) covers a media type. */
export function mediaMatches(range: string, type: string): boolean {
  const [rangeType, rangeSub] = range.toLowerCase().split("/");
  const [actualType, actualSub] = type.split("/");
  return (rangeType === "*" || rangeType === actualType) && (rangeSub === "*" || rangeSub === actualSub);
}

function isJson(type: string): boolean {
  return type === "application/json" || type.endsWith("+json");
}

/**
 * The JSON pointer of the schema documented for this response's status and media type, when that media type is
 * JSON. Undefined otherwise: an undocumented status or media type is another check's finding, not this one's.
 */
export function documentedJsonSchema(exchange: Exchange): string | undefined {
  const type = mediaType(exchange.response.headers["content-type"]);
  const documented = exchange.documented;
  if (!type || !isJson(type) || !documented) return undefined;
  const range = Object.keys(documented.response.content ?? {}).find((candidate) => mediaMatches(candidate, type));
  if (range === undefined || documented.response.content?.[range]?.schema === undefined) return undefined;
  return `${documented.pointer}/content/${pointerSegment(range)}/schema`;
}

/** Ajv's verdict on `value` against the spec's schema at `pointer`, each error located in the spec. */
export function schemaErrors(pointer: string, value: unknown): SchemaError[] {
  const validate = validatorAt(pointer);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => ({
    schemaPath: schemaLocation(error),
    instancePath: error.instancePath || "(body)",
    message: error.message ?? "is invalid",
  }));
}

/** The body parsed as JSON, or the parser's complaint. */
export function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
