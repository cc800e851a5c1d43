import { pointerSegment, resolveRef } from "../spec.js";
import { schemaErrors } from "./body.js";
import { failure } from "./failure.js";
import type { Check, SchemaError } from "./types.js";

interface HeaderObject {
  required?: boolean;
  schema?: unknown;
}

/** Every header documented as required is present, and every documented header present matches its schema. */
export const responseHeadersConformance: Check = (exchange) => {
  const documented = exchange.documented;
  const headers = Object.entries(documented?.response.headers ?? {});
  if (!documented || !headers.length) return "not applicable";
  const missing: string[] = [];
  const errors: SchemaError[] = [];
  for (const [name, entry] of headers) {
    const header = resolveRef<HeaderObject>(entry as HeaderObject | { $ref: string });
    const value = exchange.response.headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) missing.push(name);
      continue;
    }
    if (header.schema === undefined) continue;
    const headerPointer =
      "$ref" in (entry as object) ? (entry as { $ref: string }).$ref.slice(1) : `${documented.pointer}/headers/${pointerSegment(name)}`;
    const schemaRef = (header.schema as { $ref?: unknown }).$ref;
    const pointer = typeof schemaRef === "string" && schemaRef.startsWith("#") ? schemaRef.slice(1) : `${headerPointer}/schema`;
    // Header values are text; a schema typed number or boolean is held against the value that text spells.
    const asText = schemaErrors(pointer, value);
    const asJson = asText.length && /^(-?\d+(\.\d+)?|true|false)$/.test(value) ? schemaErrors(pointer, JSON.parse(value)) : asText;
    errors.push(...asJson.map((error) => ({ ...error, instancePath: `header ${name}` })));
  }
  if (!missing.length && !errors.length) return "passed";
  const problems = [missing.length ? `missing required ${missing.join(", ")}` : "", errors.length ? "a header breaks its schema" : ""];
  return failure(
    exchange,
    "response_headers_conformance",
    `the ${exchange.response.status} headers break the contract: ${problems.filter(Boolean).join("; ")}`,
    errors,
  );
};
