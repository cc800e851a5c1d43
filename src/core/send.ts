// Sends one prepared request as the client's policy says: the key added and sent to the client's origin only, one
// deadline over the whole call (headers, body, retries and waits), retries only of what provably did not happen or
// of an operation whose repetition is harmless, and redirects followed only where the key may go.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  ConfigurationError,
  earlier,
  type NexorError,
  type OperationWords,
  ResponseTooLargeError,
  unexpectedResponse,
} from "../errors.js";
import { assertLimit } from "../internal/config.js";
import { MAX_JSON_DEPTH } from "../internal/json.js";
import type { Redactor } from "../internal/redact.js";
import { parseBody, responseDetails } from "../internal/response.js";
import { backoff, failurePhase, MAX_RETRY_AFTER_MS, retryAfterMs, retryableStatus } from "../internal/retry.js";
import { type Exchange, type ExchangeResult, untilAborted } from "./exchange.js";
import { settle, summarize } from "./failure.js";

/** A request ready to leave: method, URL, headers (lower-case names, without the key) and the serialised body. */
export interface Prepared {
  method: string;
  /** A URL object, or the text of one (what the client's own methods pass: no parsing on the way out). */
  url: URL | string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** How one call may be sent. */
export interface SendOptions {
  /** Aborts the call; the client then throws APIUserAbortError. */
  signal?: AbortSignal | undefined;
  /** Deadline of the whole call in ms, retries and waits included. */
  timeoutMs: number;
  /** Retries of a provably unprocessed request (and, when `idempotent`, of any failed attempt). */
  maxRetries: number;
  /** Sending it twice does it once: 408, 5xx and a connection lost after sending may be retried too. */
  idempotent: boolean;
  /** What errors say of this operation. */
  words: OperationWords;
}

/** The final exchange of a call, and whether an earlier attempt of it may have been acted on. */
export interface Sent extends ExchangeResult {
  processed: boolean;
}

/** Sends a prepared request; resolves with the final exchange (2xx or an error status) or throws a NexorError. */
export type Sender = (request: Prepared, options: SendOptions) => Promise<Sent>;

const MAX_REDIRECTS = 5;
/** A retry must leave its attempt at least this long (or a quarter of the timeout), or it is not made. */
const MIN_ATTEMPT_MS = 1_000;

// Headers fetch builds itself or refuses outright (undici throws UND_ERR_INVALID_ARG for them, before sending).
const RESERVED_HEADERS = new Set(["transfer-encoding", "content-length", "connection", "keep-alive", "upgrade", "expect"]);
const TOKEN = /^[!#$%&'*+.^`|~\w-]+$/;
// A header value fetch can write: Latin-1 without control characters, tabs allowed.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** A failure before any byte left, by phase: the error, what went wrong and what to check. */
const UNSENT: Record<string, [typeof NexorError, string, string]> = {
  unsent: [ConfigurationError, "fetch refused the request", "baseUrl and headers"],
  connect: [APIConnectionError, "could not connect", "the network and baseUrl"],
  certificate: [ConfigurationError, "its TLS certificate was refused", "baseUrl"],
};

/** Throws, before anything is sent, for a header fetch would refuse after the call had started. */
function assertHeaders(headers: Record<string, string>): void {
  for (const name in headers) {
    const value = headers[name];
    const why = !TOKEN.test(name)
      ? "is not a valid header name"
      : RESERVED_HEADERS.has(name)
        ? "is set by fetch itself"
        : typeof value !== "string"
          ? "must be a string"
          : !HEADER_VALUE.test(value)
            ? "has a line break or a character outside Latin-1"
            : undefined;
    if (why !== undefined) {
      throw new ConfigurationError(`The header "${name}" ${why}. Nothing was sent: fix the headers option.`);
    }
  }
}

/** The sender of one client. The key lives only in this closure, and in the redactor that keeps it out of errors. */
export function createSender(
  apiKey: string,
  origin: string,
  exchange: Exchange,
  redactor: Redactor,
  maxResponseBytes: number,
  /** The exchange ends as soon as its signal aborts (the runtime's own fetch does): no race against the signal needed. */
  honoursSignal = false,
): Sender {
  const originPath = `${origin}/`;
  return async function send(request, { signal, timeoutMs, maxRetries, idempotent, words }) {
    // Whether an attempt began: before it, a failure provably sent nothing.
    let started = false;
    try {
      assertLimit("timeoutMs", timeoutMs, false);
      assertLimit("maxRetries", maxRetries, true);
      // A URL object's text is its href.
      let url = String(request.url);
      // A URL that starts with the origin and a slash has that origin: no parsing needed on the usual path.
      const requestOrigin = url.startsWith(originPath) ? origin : new URL(url).origin;
      if (requestOrigin !== origin) {
        // Through the escape hatch a per-request baseUrl or a middleware can point elsewhere; the key stays home.
        throw new ConfigurationError(
          `Refusing to send the API key to ${requestOrigin}: this client sends it only to its baseUrl, ${origin}.`,
        );
      }
      assertHeaders(request.headers);
      const { method, body } = request;
      const headers = { ...request.headers, "x-api-key": apiKey };
      // A monotonic clock: a wall-clock jump must not stretch or cut the deadline.
      const deadline = performance.now() + timeoutMs;
      const minAttemptMs = Math.min(MIN_ATTEMPT_MS, timeoutMs / 4);
      // One controller for the whole call: a timeout or the caller's abort ends it, so no attempt outlives either.
      const controller = new AbortController();
      const forward = () => controller.abort();
      const timer = setTimeout(forward, timeoutMs);
      signal?.addEventListener("abort", forward);
      // Whether an earlier attempt may have been acted on. Only idempotent requests are retried after such an attempt.
      let processed = false;

      const aborted = (when: string, mayHaveBeenProcessed: boolean, cause?: Error) =>
        new APIUserAbortError(`Aborted by the caller ${when}`, { mayHaveBeenProcessed, cause });

      /** One exchange: the whole answer, or a NexorError saying whether the request may have been processed. */
      const attempt = async (): Promise<ExchangeResult> => {
        if (signal?.aborted) throw aborted("before sending.", processed);
        try {
          started = true;
          // The body is read inside the same deadline: the timeout covers a slow body, not just the headers.
          const exchanged = exchange({ url, method, headers, body, signal: controller.signal });
          return await (honoursSignal ? exchanged : untilAborted(exchanged, controller.signal));
        } catch (error) {
          // Never keep a foreign error as the cause: a custom fetch may have put the key anywhere in it, and
          // util.inspect prints every property of every cause. Keep a redacted summary and the code instead.
          const cause = summarize(error, redactor);
          const failure = `(${cause.message})`;
          const acted = ` ${words.mayHaveBeenProcessed}.`;
          // A transport that can prove no connection was made yet (node:http) says so: then nothing of this attempt left.
          const phase = failurePhase(error);
          const unsent = phase !== "exchange";
          if (signal?.aborted) throw unsent ? aborted("before sending.", processed) : aborted(`after sending.${acted}`, true, cause);
          if (controller.signal.aborted) {
            // The deadline covers the whole call, so a timeout always ends it: there is no time left to retry.
            throw new APIConnectionTimeoutError(
              unsent
                ? `Nothing was sent to ${origin}: no connection within ${timeoutMs} ms.${earlier(processed, words)}`
                : `No complete response from Nexor within ${timeoutMs} ms.${acted}`,
              { mayHaveBeenProcessed: unsent ? processed : true, cause },
            );
          }
          if (unsent) {
            // Nothing of this attempt left, but an earlier one of the call may have been acted on (a 503 before it).
            const [Failure, what, check] = UNSENT[phase]!;
            throw new Failure(`Nothing was sent to ${origin}: ${what} ${failure}; check ${check}.${earlier(processed, words)}`, {
              mayHaveBeenProcessed: processed,
              cause,
            });
          }
          throw new APIConnectionError(
            `The connection to ${origin} failed after sending ${failure}.${idempotent ? "" : " It was not retried."}${acted}`,
            { mayHaveBeenProcessed: true, cause },
          );
        }
      };

      /** Waits before a retry when the deadline leaves room for the wait and an attempt after it; false when not. */
      const pause = async (ms: number): Promise<boolean> => {
        if (ms > MAX_RETRY_AFTER_MS || performance.now() + ms + minAttemptMs > deadline) return false;
        if (signal?.aborted) throw aborted("while waiting to retry.", processed);
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => {
            clearTimeout(wait);
            reject(aborted("while waiting to retry.", processed));
          };
          const wait = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          }, ms);
          signal?.addEventListener("abort", onAbort, { once: true });
        });
        return true;
      };

      try {
        for (let retries = 0, redirects = 0; ; ) {
          let result: ExchangeResult;
          try {
            result = await attempt();
          } catch (error) {
            const again = error instanceof APIConnectionError && (!error.mayHaveBeenProcessed || idempotent) && retries < maxRetries;
            if (again) processed ||= error.mayHaveBeenProcessed;
            if (again && (await pause(backoff(retries)))) {
              retries++;
              continue;
            }
            throw error;
          }

          const { response } = result;
          if (result.tooLarge) {
            // Ends the download and its decompression at once: nothing more of this answer is read.
            controller.abort();
            // Only a refusal (a 4xx other than 408) says this attempt was not acted on.
            const refused = response.status >= 400 && response.status < 500 && response.status !== 408;
            const acted = processed || !refused;
            throw new ResponseTooLargeError(
              responseDetails(response, result.body, redactor),
              `Nexor answered ${response.status} with a body past maxResponseBytes (${maxResponseBytes} bytes); reading stopped.${acted ? ` ${words.mayHaveBeenProcessed}.` : " Nothing was done."} Raise maxResponseBytes if that is expected.`,
              maxResponseBytes,
              acted,
            );
          }
          const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
          if (location !== null) {
            // A redirect that keeps the method (307, 308) asks for the request elsewhere, and one for a read changes
            // nothing: both may be followed. Any other one, for a method that acts, may come after it was acted on.
            const followable = response.status === 307 || response.status === 308 || method === "GET" || method === "HEAD";
            const acted = processed || !followable;
            let target: URL | undefined;
            try {
              target = new URL(location, url);
            } catch {
              // Not followed, and not quoted: a Location may carry anything, the key included.
            }
            const sameOrigin = target?.origin === origin;
            if (target !== undefined && sameOrigin && followable && redirects < MAX_REDIRECTS) {
              // Same origin, so as secure as the base URL checked when the client was created.
              url = target.href;
              redirects++;
              continue;
            }
            const why =
              target === undefined
                ? "whose Location is not a URL, not followed; check baseUrl"
                : !sameOrigin
                  ? `to ${redactor.text(target.origin)}, not followed: it would carry the API key to another origin; check baseUrl`
                  : followable
                    ? `after ${MAX_REDIRECTS} redirects, not followed`
                    : `not followed: it would change the method ${method}`;
            throw unexpectedResponse(
              responseDetails(response, parseBody(result.body, MAX_JSON_DEPTH), redactor),
              acted,
              words,
              `a redirect ${why}`,
            );
          }

          const again = retryableStatus(response.status, idempotent) && retries < maxRetries;
          if (again) processed ||= response.status !== 429;
          if (again && (await pause(retryAfterMs(response.headers) ?? backoff(retries)))) {
            retries++;
            continue;
          }
          return { ...result, processed };
        }
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", forward);
      }
    } catch (error) {
      throw settle(error, started ? "sending" : "before-sending", redactor, words);
    }
  };
}
