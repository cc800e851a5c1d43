// The fetch every request goes through, beneath openapi-fetch: it adds the key, enforces the deadline over headers
// and body, retries only what is safe to retry, and follows a redirect only where the key may go.
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, unexpectedResponse } from "../errors.js";
import { assertLimit, assertSecure } from "./config.js";
import { redact } from "./redact.js";
import { RequestCarrier } from "./request-carrier.js";
import { parseBody, responseDetails } from "./response.js";
import { backoff, describeFailure, IDEMPOTENT_METHODS, MAX_RETRY_AFTER_MS, neverLeft, retryableStatus, retryAfterMs } from "./retry.js";

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
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
}

/** Sends a request as the client's policy says; resolves with a fully read response or throws a NexorError. */
export type Transport = (request: Request | RequestCarrier, call?: CallOptions) => Promise<Response>;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const MAX_REDIRECTS = 5;

/** The transport of one client. The key lives only in this closure. */
export function createTransport(options: TransportOptions): Transport {
  const { apiKey } = options;

  return async function send(request, call = {}) {
    const timeoutMs = call.timeoutMs ?? options.timeoutMs;
    const maxRetries = call.maxRetries ?? options.maxRetries;
    assertLimit("timeoutMs", timeoutMs, false);
    assertLimit("maxRetries", maxRetries, true);
    const deadline = Date.now() + timeoutMs;
    const method = request.method;
    // Through the openapi-fetch escape hatch, a caller's signal arrives on the Request.
    const signal = call.signal ?? (request instanceof RequestCarrier ? undefined : request.signal);
    const idempotent = IDEMPOTENT_METHODS.has(method);
    // Read once, so that every attempt sends the same bytes and headers. A carrier's headers are this call's own.
    const carried = request instanceof RequestCarrier;
    const body = carried ? (request.body ?? undefined) : request.body === null ? undefined : await request.arrayBuffer();
    const headers = carried ? request.headers : new Headers(request.headers);
    headers.set("x-api-key", apiKey);
    let url = new URL(request.url);
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
        const response = await options.fetch(url.href, { method, headers, body, redirect: "manual", signal: controller.signal });
        answered = true;
        // Reading the body inside the same deadline is what makes the timeout cover a slow body, not just headers.
        const bytes = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
        return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
      } catch (error) {
        const text = describeFailure(error);
        const failure = redact(text, apiKey);
        // A custom fetch may put the key in its error; util.inspect would print the cause, so replace it.
        const cause = text.includes(apiKey) ? new Error(failure) : error;
        if (signal?.aborted) {
          throw new APIUserAbortError("The request was aborted by the caller. It may already have reached Nexor: check the lead's history before sending again.", { mayHaveBeenSent: true, cause });
        }
        if (controller.signal.aborted) {
          // The deadline covers the whole call, so a timeout always ends it: there is no time left to retry.
          throw new APIConnectionTimeoutError(
            `No complete response from Nexor within ${timeoutMs} ms. The request was sent and may have been processed: check the lead's history before sending again.`,
            { mayHaveBeenSent: true, cause },
          );
        }
        if (!answered && neverLeft(error)) {
          throw new APIConnectionError(`Could not connect to ${url.origin} (${failure}). Nothing was sent; check the network and baseUrl.`, { cause });
        }
        throw new APIConnectionError(
          `The connection to ${url.origin} failed after the request was sent (${failure}). It was not retried. The lead may already have been contacted: check the lead's history before sending again.`,
          { mayHaveBeenSent: true, cause },
        );
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", forward);
      }
    };

    /** Waits before a retry when the deadline leaves room for it; false when it does not. */
    const pause = async (ms: number): Promise<boolean> => {
      if (ms > MAX_RETRY_AFTER_MS || Date.now() + ms >= deadline) return false;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(new APIUserAbortError("The request was aborted by the caller while waiting to retry.", { mayHaveBeenSent: processed }));
        }, { once: true });
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
        if (sameOrigin && (response.status === 307 || response.status === 308 || method === "GET" || method === "HEAD") && redirects < MAX_REDIRECTS) {
          url = target;
          redirects++;
          continue;
        }
        throw unexpectedResponse(
          responseDetails(response, parseBody(await response.text()), apiKey),
          response.status === 303,
          sameOrigin
            ? `a ${response.status} redirect, which the client does not follow for ${method}`
            : `a redirect to ${target.origin}, not followed because it would carry your API key to another origin; check baseUrl`,
        );
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
