// positive_data_acceptance and negative_data_rejection: the two sides of one promise, that the server tells valid
// requests from invalid ones.
import type { CaseKind } from "../cases/contract-case.js";
import { createdNote, failure } from "./failure.js";
import type { Check, CheckName, Exchange } from "./types.js";

// A case of `kind` must be answered with a status of the class `first`xx. A 5xx is left to not_a_server_error:
// reporting it here too would name two promises for one break.
function answeredWith(kind: CaseKind, name: CheckName, first: 2 | 4, promise: (exchange: Exchange) => string): Check {
  return (exchange) => {
    const { status } = exchange.response;
    if (exchange.case.kind !== kind || status >= 500) return "not applicable";
    return Math.floor(status / 100) === first
      ? "passed"
      : failure(
          exchange,
          name,
          `${promise(exchange)} was answered ${status}; the contract promises ${first === 2 ? "2xx" : "a 4xx"}${first === 4 ? createdNote(exchange) : ""}`,
        );
  };
}

/** A request the contract allows, sent with a valid key, is accepted with a 2xx. */
export const positiveDataAcceptance = answeredWith("positive", "positive_data_acceptance", 2, () => "a request the contract allows");

const rulesOut = (exchange: Exchange) => `a request the contract rules out (${exchange.case.rule}: ${exchange.case.breaks})`;
const anyRejection = answeredWith("negative", "negative_data_rejection", 4, rulesOut);

/**
 * A request the contract rules out is rejected with a 4xx, never accepted; whether that 4xx is documented is
 * status_code_conformance's question. Where the docs name the one status of this rejection (`expectedStatus`), another
 * documented 4xx (a 400 for a taken slug) breaks the promise too; an undocumented one is left to
 * status_code_conformance, so that one break names one promise.
 */
export const negativeDataRejection: Check = (exchange) => {
  const verdict = anyRejection(exchange);
  const expected = exchange.case.expectedStatus;
  const { status } = exchange.response;
  if (verdict !== "passed" || expected === undefined || status === expected || !exchange.documented) return verdict;
  return failure(exchange, "negative_data_rejection", `${rulesOut(exchange)} was answered ${status}; the docs promise ${expected}`);
};
