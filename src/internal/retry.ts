// When a request may be sent again. POST /messages is not idempotent, so the only failures retried for it are those
// where Nexor provably never processed the request: a connection that was never made, and a 429.

/** Methods RFC 9110 defines as idempotent: repeating them is safe, so they may also retry 408, 5xx and timeouts. */
export const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** A Retry-After longer than this is not waited for: the error is returned with `retryAfter` for the caller. */
export const MAX_RETRY_AFTER_MS = 60_000;

// Failures that happen before a single byte of the request is written: refused connections, failed DNS lookups,
// unreachable hosts and connect timeouts, as Node (undici), Bun and Deno report them.
const NEVER_LEFT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT|ConnectionRefused|Connection refused|dns error|failed to lookup/i;

/** The codes and messages of an error and its causes, flattened for matching. */
export function describeFailure(error: unknown, depth = 0): string {
  if (depth > 3 || typeof error !== "object" || error === null) return error == null ? "" : String(error);
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const nested = Array.isArray(errors) ? errors.map((item) => describeFailure(item, depth + 1)) : [];
  return [code, message, describeFailure(cause, depth + 1), ...nested].filter((part) => part !== undefined && part !== "").join(" ");
}

/** Whether a fetch failure provably happened before the request left this machine. */
export const neverLeft = (error: unknown): boolean => NEVER_LEFT.test(describeFailure(error));

/** Wait before retry number `retry` (from 0): 0.5 s doubling up to 8 s, less up to 25 % jitter. */
export const backoff = (retry: number): number => Math.min(500 * 2 ** retry, 8000) * (1 - Math.random() * 0.25);

/** The wait a response asks for, in ms: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (ms >= 0) return ms;
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Whether a response status may be retried for this method. */
export const retryableStatus = (status: number, idempotent: boolean): boolean =>
  status === 429 || (idempotent && (status === 408 || status >= 500));
