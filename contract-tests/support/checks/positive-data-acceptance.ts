import { failure } from "./failure.js";
import type { Check } from "./types.js";

/** A body the contract allows, sent with a valid key, is accepted with a 2xx. */
export const positiveDataAcceptance: Check = (exchange) => {
  const { status } = exchange.response;
  if (exchange.case.kind !== "positive") return "not applicable";
  // A 5xx is not_a_server_error's finding; reporting it here too would name two promises for one break.
  if (status >= 500) return "not applicable";
  return status >= 200 && status < 300
    ? "passed"
    : failure(exchange, "positive_data_acceptance", `a body the contract allows was answered ${status}; the contract promises 2xx`);
};
