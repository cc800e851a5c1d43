// What errors say of an operation, from its spec: whom a request that may have been processed may have reached, and
// the hints (x-nexor-hints) for what to check before trying again.
import type { OperationWords } from "../errors.js";
import type { Operation } from "./operation.js";

/** The words of errors about `operation`. */
export function wordsFor(operation: Operation): OperationWords {
  const contacts = operation.contacts ?? [];
  const processed = contacts.includes("lead")
    ? "The lead may already have been contacted: check the lead's history before sending it again"
    : contacts.includes("host")
      ? "The host may already have been notified: check before sending it again"
      : operation.idempotent
        ? "Nexor may already have acted on it; repeating it is safe, as the operation is idempotent"
        : "Nexor may already have acted on it: check before sending it again";
  return { mayHaveBeenProcessed: processed, hints: operation.hints, idempotent: operation.idempotent };
}
