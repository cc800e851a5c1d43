// The API key must never reach an error, a log or test output, even when a server or a custom fetch echoes it back.

const REDACTED = "[redacted]";

/** `value` with every occurrence of `secret` in its strings replaced, deeply, for JSON-like values. */
export function redact<T>(value: T, secret: string): T {
  if (typeof value === "string") return value.split(secret).join(REDACTED) as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, secret)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, secret)])) as T;
  }
  return value;
}
