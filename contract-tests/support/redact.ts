// Keeps the API key out of everything the suite prints: failure reports, assertion messages, logs.

// What a secret is replaced with.
const redacted = "[redacted]";

// Anything shaped like a Nexor key, so that a key the suite was not told about (one a server echoes) is hidden too.
const nexorKey = /nxr_live_[A-Za-z0-9_-]*/g;

/** `text` with every secret, and anything shaped like a Nexor key, replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  // Longest first, so that a secret containing another is hidden whole; short ones would blank out ordinary words.
  const hidden = [...secrets].filter((secret) => secret.length >= 8).sort((a, b) => b.length - a.length);
  return hidden.reduce((out, secret) => out.replaceAll(secret, redacted), text).replace(nexorKey, redacted);
}

/** Headers as `name: value` lines, with the key header's value hidden whatever it holds. */
export function redactHeaders(headers: Record<string, string>, secrets: readonly string[]): string[] {
  return Object.entries(headers).map(([name, value]) =>
    name.toLowerCase() === "x-api-key" ? `${name}: ${redacted}` : `${name}: ${redact(value, secrets)}`,
  );
}
