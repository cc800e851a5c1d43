import { isDeepStrictEqual } from "node:util";
import { documentedJsonSchema, parseJson, schemaErrors } from "./body.js";
import { createdNote, failure } from "./failure.js";
import type { Check } from "./types.js";

/**
 * A request without a key, or with an invalid one, is answered 401 with the body the docs print for that case.
 * A 401 body of the wrong shape is response_schema_conformance's finding; this check compares the fields the
 * documented body has only once the shape is right.
 */
export const ignoredAuth: Check = (exchange) => {
  const { case: contractCase, response } = exchange;
  if (contractCase.kind !== "auth") return "not applicable";
  const without = contractCase.credentials === "missing" ? "without an X-API-Key" : "with an invalid X-API-Key";
  if (response.status !== 401) {
    return failure(
      exchange,
      "ignored_auth",
      `a request ${without} was answered ${response.status}; the contract promises 401${createdNote(exchange)}`,
    );
  }
  const expected = contractCase.documentedBody;
  const pointer = documentedJsonSchema(exchange);
  const parsed = parseJson(response.body);
  if (!expected || pointer === undefined || "error" in parsed || schemaErrors(pointer, parsed.value).length) return "passed";
  const body = parsed.value as Record<string, unknown>;
  const same = Object.entries(expected).every(([field, value]) => isDeepStrictEqual(body[field], value));
  return same
    ? "passed"
    : failure(exchange, "ignored_auth", `a request ${without} was answered 401 without the documented body ${JSON.stringify(expected)}`);
};
