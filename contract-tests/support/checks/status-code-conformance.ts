import { operation } from "../spec.js";
import { failure } from "./failure.js";
import type { Check } from "./types.js";

/** The status is one the operation documents (exactly, by a `4XX`-style range, or through `default`). */
export const statusCodeConformance: Check = (exchange) => {
  if (exchange.documented) return "passed";
  const { method, path, op } = operation(exchange.operationId);
  const documented = Object.keys(op.responses).join(", ");
  return failure(
    exchange,
    "status_code_conformance",
    `${exchange.response.status} is not documented for ${method.toUpperCase()} ${path} (documented: ${documented})`,
  );
};
