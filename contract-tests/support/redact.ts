// Keeps the API key out of everything the suite prints: failure reports, assertion messages, logs.

// What a secret is replaced with.
const redacted = "[redacted]";

// Anything shaped like a Nexor key, so that a key the suite was not told about (one a server echoes) is hidden too.
const nexorKey = /nxr_live_[A-Za-z0-9_-]*/g;

// The user name and password of a URL (`https://user:pass@host`): a URL is printed in reports, they never are.
const urlCredentials = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi;

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// A key holding `+ / =` comes back spelled otherwise when a server echoes it in a URL (percent-encoded) or in JSON
// (escaped `/`, say): each spelling is the key. Hex digits of a percent escape are either case (`%2F` or `%2f`).
const spellings = (secret: string): string[] => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
const pattern = (spelling: string) => literal(spelling).replace(/%[0-9A-F]{2}/g, (code) => `%${caseless(code[1]!)}${caseless(code[2]!)}`);
const caseless = (digit: string) => (/[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit);

/**
 * `text` with every secret, anything shaped like a Nexor key, and the credentials of any URL replaced by
 * `[redacted]`. A secret of any length is hidden: a short key a server echoes is still the key, and blanking out a
 * word that happens to spell it costs a report less than printing it. One pass, longest secret first, so that a
 * secret containing another is hidden whole and a replacement is never searched again.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const hidden = [...new Set(secrets.filter(Boolean).flatMap(spellings))].sort((a, b) => b.length - a.length);
  const out = hidden.length ? text.replace(new RegExp(hidden.map(pattern).join("|"), "g"), redacted) : text;
  return out.replace(nexorKey, redacted).replace(urlCredentials, `$1${redacted}@`);
}

/** Headers as `name: value` lines, with the key header's value hidden whatever it holds. */
export function redactHeaders(headers: Record<string, string>, secrets: readonly string[]): string[] {
  return Object.entries(headers).map(([name, value]) =>
    name.toLowerCase() === "x-api-key" ? `${name}: ${redacted}` : `${name}: ${redact(value, secrets)}`,
  );
}
