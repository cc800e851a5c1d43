// The API key must never reach an error, a log or test output, even when a server or a custom fetch echoes it back.

const REDACTED = "[redacted]";

/**
 * Where `secret` stands in a text: everywhere when it is long enough (12 characters or more) that no ordinary word can
 * contain it, as real keys are; otherwise only as a whole token, so that a short test key such as "key" never turns
 * "API key" into "API [redacted]".
 */
function occurrences(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(secret.length >= 12 ? escaped : `(?<![\\w-])${escaped}(?![\\w-])`, "g");
}

/** `value` with the key replaced in every string and property name, deeply, for JSON-like values. */
export function redact<T>(value: T, secret: string, pattern: RegExp = occurrences(secret)): T {
  if (typeof value === "string") return value.replace(pattern, REDACTED) as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, secret, pattern)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key.replace(pattern, REDACTED), redact(item, secret, pattern)]),
    ) as T;
  }
  return value;
}
