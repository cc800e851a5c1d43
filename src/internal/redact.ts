// The API key must never reach an error, a log or test output, even when a server, a redirect's Location or a custom
// fetch echoes it back. Every string an error keeps goes through one redactor, built once per client.

const REDACTED = "[redacted]";

/** Nesting kept when redacting a value; deeper parts are replaced, so that a hostile body cannot exhaust the stack. */
export const MAX_REDACT_DEPTH = 64;

// The user-information of a URL (`https://user:password@host`): credentials whoever's they are.
const URL_CREDENTIALS = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#@"'<>]*@/gi;

/** Turns every text an error may keep into one without the key or URL credentials. */
export interface Redactor {
  /** `text` with the key and URL credentials replaced. */
  text(text: string): string;
  /** `value` redacted deeply, strings and property names alike, for JSON-like values; nesting past 64 levels dropped. */
  value<T>(value: T): T;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Where `secret` stands in a text, in any case (a URL's host is lower-cased) and percent-encoded: everywhere, inside
 * other words too, once it has 6 characters or more (a key of 9 characters echoed as "x_shortkey1" is still the key);
 * a shorter one only as a whole token, so that a test key such as "key" never turns "API key" into "API [redacted]".
 */
function occurrences(secret: string): RegExp {
  const forms = [...new Set([secret, encodeURIComponent(secret)])].map(escapeRegExp).join("|");
  return new RegExp(secret.length >= 6 ? `(?:${forms})` : `(?<![\\w-])(?:${forms})(?![\\w-])`, "gi");
}

/** The redactor of one key. */
export function createRedactor(secret: string): Redactor {
  const pattern = secret === "" ? undefined : occurrences(secret);
  const text = (value: string): string => {
    const plain = pattern === undefined ? value : value.replace(pattern, REDACTED);
    return plain.includes("@") ? plain.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : plain;
  };
  const deep = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return text(value);
    if (typeof value !== "object" || value === null) return value;
    if (depth >= MAX_REDACT_DEPTH) return "[nested too deep]";
    if (Array.isArray(value)) return value.map((item) => deep(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [text(key), deep(item, depth + 1)]));
  };
  return { text, value: <T>(value: T) => deep(value, 0) as T };
}
