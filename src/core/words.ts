// What errors say of an operation, from its spec: whom a request that may have been processed may have reached, and
// the hints (x-nexor-hints) for what to check before trying again.
import type { OperationWords } from "../errors.js";
import type { Operation } from "./operation.js";

/** The words of errors about `operation`. */
export function wordsFor(operation: Operation): OperationWords {
  const contacts = operation.contacts ?? [];
  const lead = contacts.includes("lead");
  const who = lead
    ? "The lead may already have been contacted"
    : contacts.includes("host")
      ? "The host may already have been notified"
      : "Nexor may already have acted on it";
  // Whoever may have been reached, the caller checks first; only an operation that reaches no one is simply repeated.
  const then =
    operation.idempotent && !contacts.length
      ? "; repeating it is safe, as the operation is idempotent"
      : `: check ${lead ? "the lead's history " : ""}before sending it again`;
  return { mayHaveBeenProcessed: who + then, hints: operation.hints, idempotent: operation.idempotent };
}
