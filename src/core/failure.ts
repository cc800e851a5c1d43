// The one place a failure of a call becomes what the caller receives: a NexorError, whatever was thrown, with every
// text it keeps (message, stack, fields, causes) passed through the client's redactor. The phase says what the
// transport can prove: before sending, nothing left; while sending or after, the request may have been processed.
import { APIConnectionError, NexorError, type OperationWords, RequestValidationError } from "../errors.js";
import type { Redactor } from "../internal/redact.js";
import { describeFailure, failureCode } from "../internal/retry.js";

/** Where a call was when it failed: nothing left yet, bytes may have left, or an answer was being read. */
export type Phase = "before-sending" | "sending" | "after-sending";

/**
 * A foreign error reduced to what a message may quote: its codes and messages on one line, redacted, and its first
 * code. A foreign error is never kept itself: a custom fetch may have put the key anywhere in it, and util.inspect
 * prints every property of every cause.
 */
export function summarize(error: unknown, redactor: Redactor): Error & { code?: string } {
  let text: string;
  let code: string | undefined;
  try {
    text = describeFailure(error);
    code = failureCode(error);
  } catch {
    // An error whose own getters throw: nothing of it can be quoted.
    text = "an error that cannot be read";
  }
  const summary = new Error(redactor.text(text));
  return code === undefined ? summary : Object.assign(summary, { code: redactor.text(code) });
}

/** Replaces an own property whatever its declaration (readonly fields, the stack). */
const set = (target: object, name: string, value: unknown) =>
  Object.defineProperty(target, name, {
    value,
    writable: true,
    configurable: true,
    enumerable: Object.getOwnPropertyDescriptor(target, name)?.enumerable ?? false,
  });

/** A NexorError with every text it holds redacted, in place: message, stack, own fields and the cause chain. */
function scrub<E extends NexorError>(error: E, redactor: Redactor): E {
  set(error, "message", redactor.text(error.message));
  if (typeof error.stack === "string") set(error, "stack", redactor.text(error.stack));
  for (const name of Object.keys(error)) set(error, name, redactor.value((error as unknown as Record<string, unknown>)[name]));
  if (error.cause !== undefined)
    set(error, "cause", error.cause instanceof NexorError ? scrub(error.cause, redactor) : summarize(error.cause, redactor));
  return error;
}

/**
 * What the caller receives for `error`, thrown at `phase` of a call: a NexorError as it is, redacted; anything else (a
 * throwing getter in the input, a bug of a custom fetch) as the NexorError its phase calls for.
 */
export function settle(error: unknown, phase: Phase, redactor: Redactor, words: OperationWords): NexorError {
  if (error instanceof NexorError) return scrub(error, redactor);
  const cause = summarize(error, redactor);
  if (phase === "before-sending") {
    return scrub(new RequestValidationError([{ path: "", message: `the request could not be prepared (${cause.message})` }]), redactor);
  }
  const when = phase === "sending" ? "while sending the request" : "after the request was sent";
  return scrub(
    new APIConnectionError(`The call failed ${when} (${cause.message}). ${words.mayHaveBeenProcessed}.`, {
      mayHaveBeenProcessed: true,
      cause,
    }),
    redactor,
  );
}
