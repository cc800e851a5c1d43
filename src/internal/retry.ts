// When a request may be sent again. An operation that creates something or contacts someone (POST /messages) is
// retried only when Nexor provably never processed it: a connection that was never made, and a 429. An operation the
// spec marks idempotent is also retried after a failure that may hide a processed attempt.

/**
 * Methods that only read (RFC 9110 safe methods): the escape hatch, which knows no operation, retries these like an
 * idempotent operation and everything else like one that must not happen twice.
 */
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A Retry-After longer than this is not waited for: the error is returned with `retryAfter` for the caller. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** The errors of a failure: the error itself, its causes and the errors it aggregates, outermost first. */
function chain(error: unknown, depth = 0): Array<{ code?: unknown; name?: unknown; syscall?: unknown; message?: unknown }> {
  if (depth > 5 || typeof error !== "object" || error === null) return [];
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  const nested = Array.isArray(errors) ? errors.flatMap((item) => chain(item, depth + 1)) : [];
  return [error as object, ...chain(cause, depth + 1), ...nested];
}

/** The codes and messages of an error and its causes, flattened into one line for an error message. */
export function describeFailure(error: unknown): string {
  const parts = chain(error).flatMap(({ code, message }) => [code, message]);
  return [...new Set(parts.filter((part) => typeof part === "string" && part !== ""))].join(" ") || String(error);
}

/** The first error code in the chain, e.g. ECONNREFUSED. */
export const failureCode = (error: unknown): string | undefined =>
  chain(error)
    .map(({ code }) => code)
    .find((code): code is string => typeof code === "string");

// Node reports a refused connection or a failed DNS lookup with the system call that failed (connect, getaddrinfo);
// the same codes on a read or write mean the request may already be out. undici names its connect timeout.
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "ETIMEDOUT"]);
const CONNECT_SYSCALLS = new Set(["connect", "getaddrinfo"]);
// Bun and Deno name the connect phase in their codes and messages instead.
const OTHER_RUNTIMES_CONNECT = /ConnectionRefused|FailedToOpenSocket|tcp connect error|dns error|client error \(Connect\)/i;
// Certificate failures end the TLS handshake, before any byte of the request is written.
const CERTIFICATE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_CERT_ALTNAME_INVALID)/;
// What fetch refuses before it opens any connection: a port the Fetch standard blocks, a URL or header it cannot use.
// undici validates every header before it writes a byte: a value that is not Latin-1 ("Cannot convert argument to a
// ByteString") or a header it reserves ("invalid transfer-encoding header") is refused with UND_ERR_INVALID_ARG. The
// header wording is anchored: a response's malformed header ("Invalid header value char") must not read as unsent.
const UNSENT =
  /^(bad port|invalid url|unknown scheme)$|is an invalid header (name|value)|includes credentials|convert argument to a ByteString|^invalid [\w-]+ header$/i;
const UNSENT_CODES = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_NOT_SUPPORTED", "ERR_INVALID_CHAR", "ERR_INVALID_HTTP_TOKEN"]);

/**
 * Where a fetch failure happened: before fetch would send anything (nothing sent, retrying cannot help), before a
 * connection existed (nothing sent, worth retrying), during the TLS handshake (nothing sent, retrying cannot help),
 * or later, when the request may have reached Nexor.
 */
export function failurePhase(error: unknown): "unsent" | "connect" | "certificate" | "exchange" {
  const errors = chain(error);
  // llhttp (undici's parser) fails only on bytes the server sent back: the request was out, and may have been processed.
  if (errors.some(({ code, name }) => /^HPE_/.test(String(code)) || name === "HTTPParserError")) return "exchange";
  if (errors.some(({ code, message }) => UNSENT_CODES.has(String(code)) || (typeof message === "string" && UNSENT.test(message))))
    return "unsent";
  if (errors.some(({ code }) => typeof code === "string" && CERTIFICATE.test(code))) return "certificate";
  const connect = errors.some(
    ({ code, syscall, message }) =>
      code === "UND_ERR_CONNECT_TIMEOUT" ||
      (CONNECT_CODES.has(String(code)) && CONNECT_SYSCALLS.has(String(syscall))) ||
      OTHER_RUNTIMES_CONNECT.test(`${String(code)} ${String(message)}`),
  );
  return connect ? "connect" : "exchange";
}

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
  // An HTTP date names its weekday and month; V8's lenient Date.parse would read "-5" as a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Whether a response status may be retried for this method. */
export const retryableStatus = (status: number, idempotent: boolean): boolean =>
  status === 429 || (idempotent && (status === 408 || status >= 500));
