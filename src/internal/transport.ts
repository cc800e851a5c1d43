// The fetch every request goes through, beneath openapi-fetch: it adds the key, enforces the deadline over headers
// and body, retries only what is safe to retry, and lets the key go nowhere but the client's own origin.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  CHECK_HISTORY,
  ConfigurationError,
  unexpectedResponse,
} from "../errors.js";
import { assertLimit, assertSecure } from "./config.js";
import { redact } from "./redact.js";
import { RequestCarrier } from "./request-carrier.js";
import { parseBody, responseDetails } from "./response.js";
import {
  backoff,
  describeFailure,
  failureCode,
  failurePhase,
  IDEMPOTENT_METHODS,
  MAX_RETRY_AFTER_MS,
  retryAfterMs,
  retryableStatus,
} from "./retry.js";

/** Options of one call that override the client's. */
export interface CallOptions {
  /** Aborts the call; the client then throws APIUserAbortError. */
  signal?: AbortSignal | undefined;
  /** Deadline of the whole call in ms, retries and waits included. */
  timeoutMs?: number | undefined;
  /** Retries of a provably unprocessed request. */
  maxRetries?: number | undefined;
}

/** What the transport needs from the client. */
export interface TransportOptions {
  apiKey: string;
  /** The only origin the key is sent to: the base URL's. */
  origin: string;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
}

/** Sends a request as the client's policy says; resolves with a fully read response or throws a NexorError. */
export type Transport = (request: Request | RequestCarrier, call?: CallOptions) => Promise<Response>;

const NULL_BODY_STATUSES = new Set([204, 205, 304]);
const MAX_REDIRECTS = 5;
/** A retry must leave its attempt at least this long (or a quarter of the timeout), or it is not made. */
const MIN_ATTEMPT_MS = 1_000;

/**
 * `promise`, or a rejection as soon as `signal` aborts, so that a fetch (or body read) that ignores its signal
 * cannot hold the call past its deadline. A late rejection of `promise` is handled here and goes nowhere.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** The transport of one client. The key lives only in this closure. */
export function createTransport(options: TransportOptions): Transport {
  const { apiKey, origin } = options;

  return async function send(request, call = {}) {
    const timeoutMs = call.timeoutMs ?? options.timeoutMs;
    const maxRetries = call.maxRetries ?? options.maxRetries;
    assertLimit("timeoutMs", timeoutMs, false);
    assertLimit("maxRetries", maxRetries, true);
    let url = new URL(request.url);
    if (url.origin !== origin) {
      // Through the escape hatch a per-request baseUrl or a middleware can point elsewhere; the key stays home.
      throw new ConfigurationError(
        `Refusing to send the Nexor API key to ${url.origin}: this client sends it only to ${origin}, its baseUrl.`,
      );
    }
    const deadline = Date.now() + timeoutMs;
    const minAttemptMs = Math.min(MIN_ATTEMPT_MS, timeoutMs / 4);
    const method = request.method;
    const idempotent = IDEMPOTENT_METHODS.has(method);
    // Read once, so that every attempt sends the same bytes and headers. A carrier's headers are this call's own.
    const carried = request instanceof RequestCarrier;
    const body = carried ? (request.body ?? undefined) : request.body === null ? undefined : await request.arrayBuffer();
    const headers = carried ? request.headers : new Headers(request.headers);
    headers.set("x-api-key", apiKey);
    // Through the openapi-fetch escape hatch, a caller's signal arrives on the Request.
    const signal = call.signal ?? (carried ? undefined : request.signal);
    // Whether an earlier attempt may have been acted on. Only idempotent requests are retried after such an attempt.
    let processed = false;

    /** One exchange: a fully read response, or a NexorError saying whether the request may have been processed. */
    const attempt = async (): Promise<Response> => {
      if (signal?.aborted) {
        throw new APIUserAbortError("The request was aborted by the caller before it was sent.", { mayHaveBeenSent: processed });
      }
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), deadline - Date.now());
      const forward = () => controller.abort();
      signal?.addEventListener("abort", forward);
      let answered = false;
      try {
        const response = await untilAborted(
          options.fetch(url.href, { method, headers, body, redirect: "manual", signal: controller.signal }),
          controller.signal,
        );
        answered = true;
        // Reading the body inside the same deadline is what makes the timeout cover a slow body, not just headers.
        const bytes = NULL_BODY_STATUSES.has(response.status) ? null : await untilAborted(response.arrayBuffer(), controller.signal);
        return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
      } catch (error) {
        // Never keep a foreign error as the cause: a custom fetch may have put the key anywhere in it, and
        // util.inspect prints every property of every cause. Keep a redacted summary and the code instead.
        const failure = redact(describeFailure(error), apiKey);
        const cause = Object.assign(new Error(failure), { code: failureCode(error) });
        if (signal?.aborted) {
          throw new APIUserAbortError(`The request was aborted by the caller. It may already have reached Nexor: ${CHECK_HISTORY}.`, {
            mayHaveBeenSent: true,
            cause,
          });
        }
        if (controller.signal.aborted) {
          // The deadline covers the whole call, so a timeout always ends it: there is no time left to retry.
          throw new APIConnectionTimeoutError(
            `No complete response from Nexor within ${timeoutMs} ms. The request was sent and may have been processed: ${CHECK_HISTORY}.`,
            { mayHaveBeenSent: true, cause },
          );
        }
        const phase = answered ? "exchange" : failurePhase(error);
        if (phase === "connect") {
          throw new APIConnectionError(
            `Could not connect to ${url.origin} (${failure}). Nothing was sent; check the network and baseUrl.`,
            { cause },
          );
        }
        if (phase === "certificate") {
          throw new ConfigurationError(
            `Could not connect securely to ${url.origin} (${failure}): its certificate was refused. Nothing was sent; check baseUrl.`,
            { cause },
          );
        }
        throw new APIConnectionError(
          `The connection to ${url.origin} failed after the request was sent (${failure}). It was not retried. The lead may already have been contacted: ${CHECK_HISTORY}.`,
          { mayHaveBeenSent: true, cause },
        );
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", forward);
      }
    };

    /** Waits before a retry when the deadline leaves room for the wait and an attempt after it; false when not. */
    const pause = async (ms: number): Promise<boolean> => {
      if (ms > MAX_RETRY_AFTER_MS || Date.now() + ms + minAttemptMs > deadline) return false;
      const aborted = () =>
        new APIUserAbortError("The request was aborted by the caller while waiting to retry.", { mayHaveBeenSent: processed });
      if (signal?.aborted) throw aborted();
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(aborted());
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
      return true;
    };

    for (let retries = 0, redirects = 0; ; ) {
      assertSecure(url);
      let response: Response;
      try {
        response = await attempt();
      } catch (error) {
        const again = error instanceof APIConnectionError && (!error.mayHaveBeenSent || idempotent) && retries < maxRetries;
        if (again) processed ||= error.mayHaveBeenSent;
        if (again && (await pause(backoff(retries)))) {
          retries++;
          continue;
        }
        throw error;
      }

      const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
      if (location !== null) {
        const target = new URL(location, url);
        const sameOrigin = target.origin === url.origin;
        const followable = response.status === 307 || response.status === 308 || method === "GET" || method === "HEAD";
        if (sameOrigin && followable && redirects < MAX_REDIRECTS) {
          url = target;
          redirects++;
          continue;
        }
        const why = !sameOrigin
          ? `a redirect to ${target.origin}, not followed because it would carry your API key to another origin; check baseUrl`
          : followable
            ? `a redirect after ${MAX_REDIRECTS} redirects already, not followed`
            : `a ${response.status} redirect, which the client does not follow for ${method} because it would change the method`;
        throw unexpectedResponse(responseDetails(response, parseBody(await response.text()), apiKey), response.status === 303, why);
      }

      const again = retryableStatus(response.status, idempotent) && retries < maxRetries;
      if (again) processed ||= response.status !== 429;
      if (again && (await pause(retryAfterMs(response.headers) ?? backoff(retries)))) {
        retries++;
        continue;
      }
      return response;
    }
  };
}
