import { documentedJsonSchema, parseJson, schemaErrors } from "./body.js";
import { failure } from "./failure.js";
import type { Check } from "./types.js";

/**
 * A JSON body validates, with Ajv 2020-12, against the schema documented for its status. A body served as another
 * media type is left to content_type_conformance, so that one broken promise is reported once.
 */
export const responseSchemaConformance: Check = (exchange) => {
  const pointer = documentedJsonSchema(exchange);
  if (pointer === undefined) return "not applicable";
  const parsed = parseJson(exchange.response.body);
  const { status } = exchange.response;
  if ("error" in parsed) {
    return failure(exchange, "response_schema_conformance", `the ${status} body is served as JSON but does not parse: ${parsed.error}`);
  }
  const errors = schemaErrors(pointer, parsed.value);
  return errors.length
    ? failure(
        exchange,
        "response_schema_conformance",
        `the ${status} body does not match the schema documented for ${exchange.documented!.key}`,
        errors,
      )
    : "passed";
};
