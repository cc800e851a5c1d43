// Where options come from when they are not passed, and the rules a base URL must meet.
import { ConfigurationError } from "../errors.js";

/** Nexor's production API. */
export const DEFAULT_BASE_URL = "https://api.getnexor.ai/api/public";

/**
 * Default deadline of one call, retries and waits included: long enough for Nexor to reach WhatsApp, an email
 * provider or a voice platform, short enough that a hung connection fails inside a typical request handler.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Default number of retries of a provably unprocessed request. */
export const DEFAULT_MAX_RETRIES = 2;

/**
 * Default limit of a response body, after decompression: Nexor's largest pages (100 leads) are far below 1 MB, and a
 * client that reads an answer whole must not let a proxy or a hostile server fill its memory.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Default number of pages one iteration over a paged list asks for: 1,000 pages of 100 items is 100,000 items. */
export const DEFAULT_MAX_PAGES = 1_000;

/**
 * How a value of the wrong type is named in an error: its type, and the value itself only when it is a number that is
 * not `secret`. A string is never quoted, not even its start: it may be the API key passed where options belong, or a
 * secret header.
 */
export const describeValue = (value: unknown, secret = false): string =>
  value === null
    ? "null"
    : typeof value === "string"
      ? `a string of ${value.length} character${value.length === 1 ? "" : "s"}`
      : typeof value === "number" && !secret
        ? String(value)
        : typeof value === "object"
          ? "an object"
          : `a ${typeof value}`;

/** An environment variable, where the runtime has an environment (Node, Bun, Deno); undefined elsewhere. */
export function readEnv(name: string): string | undefined {
  const runtime = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get(name: string): string | undefined } };
  };
  try {
    return runtime.process?.env?.[name] ?? runtime.Deno?.env?.get(name);
  } catch {
    // Deno without --allow-env throws instead of answering.
    return undefined;
  }
}

/** Whether a URL is safe to carry the key: https, or plain http to this machine, where no network sees it. */
export const isSecure = (url: URL): boolean =>
  url.protocol === "https:" || (url.protocol === "http:" && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname));

/** The longest delay a timer can wait; beyond it, timers fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Throws unless `value` is a usable timeout (1 ms up to a timer's limit, about 24.8 days) or retry count. */
export function assertLimit(name: string, value: unknown, integer: boolean): void {
  const usable = typeof value === "number" && (integer ? Number.isInteger(value) && value >= 0 : value >= 1 && value <= MAX_TIMER_MS);
  if (!usable) {
    throw new ConfigurationError(
      `${name} must be ${integer ? "a whole number ≥ 0" : `a number of milliseconds from 1 to ${MAX_TIMER_MS}`}, got ${describeValue(value)}.`,
    );
  }
}

/** Throws unless `value` is a whole number ≥ 1 (a byte or page limit). */
export function assertCount(name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigurationError(`${name} must be a whole number ≥ 1, got ${describeValue(value)}.`);
  }
}
