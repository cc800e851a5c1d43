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

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Throws unless `url` is https, or plain http to this machine, where no network sees the key. */
export function assertSecure(url: URL): void {
  if (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.test(url.hostname))) return;
  throw new ConfigurationError(
    `Refusing to send the Nexor API key to ${url.origin}: use https (plain http is allowed only to localhost, 127.0.0.0/8 and [::1]).`,
  );
}

/** Throws unless `value` is a usable timeout or retry count. */
export function assertLimit(name: string, value: number, integer: boolean): void {
  if (!(value >= (integer ? 0 : 1)) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new ConfigurationError(`${name} must be ${integer ? "a whole number ≥ 0" : "a number of milliseconds ≥ 1"}, got ${value}.`);
  }
}
