import { parseJson } from "./body.js";
import { failure } from "./failure.js";
import type { Check } from "./types.js";

interface Violation {
  location?: string[];
  message?: string;
}

/**
 * On the Prism mock: a valid request carries no `sl-violations` header at all, and no violation is ever located in
 * the response (Prism lists the request's own violations on a rejected request; those are the point of the case).
 */
export const mockViolations: Check = (exchange) => {
  if (exchange.target !== "mock") return "not applicable";
  const header = exchange.response.headers["sl-violations"];
  if (header === undefined) return "passed";
  const parsed = parseJson(header);
  const violations = "value" in parsed && Array.isArray(parsed.value) ? (parsed.value as Violation[]) : [{ message: header }];
  const blamed = exchange.case.kind === "positive" ? violations : violations.filter((violation) => violation.location?.[0] !== "request");
  if (!blamed.length) return "passed";
  const listed = blamed.map((violation) => `${violation.location?.join(".") ?? "?"}: ${violation.message ?? "?"}`).join("; ");
  return failure(exchange, "mock_violations", `the mock reports violations of the contract: ${listed}`);
};
