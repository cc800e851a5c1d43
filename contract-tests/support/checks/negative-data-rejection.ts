import { failure } from "./failure.js";
import type { Check } from "./types.js";

/** A body the contract rules out is rejected with a 4xx, never accepted (whether that 4xx is documented is status_code_conformance's question). */
export const negativeDataRejection: Check = (exchange) => {
  const { status } = exchange.response;
  if (exchange.case.kind !== "negative") return "not applicable";
  // As in positive_data_acceptance: a 5xx is not_a_server_error's finding.
  if (status >= 500) return "not applicable";
  return status >= 400 && status < 500
    ? "passed"
    : failure(exchange, "negative_data_rejection", `a body the contract rules out (${exchange.case.rule}) was answered ${status}; the contract promises a 4xx`);
};
