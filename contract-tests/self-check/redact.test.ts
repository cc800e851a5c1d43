// The key in every spelling a server may echo it in: as given, percent-encoded in either case, JSON-escaped.
import { expect, test } from "vitest";
import { redact } from "../support/redact.js";

// Not shaped like a Nexor key, so that only the secret list can hide it; it holds every character that is spelled
// otherwise in a URL or in JSON.
const key = 'k3y+with/slash=and"quote';

test("hides the key as given, percent-encoded (either case) and JSON-escaped", () => {
  const encoded = encodeURIComponent(key);
  const echoes = [
    key,
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase()),
    JSON.stringify(key).slice(1, -1),
    JSON.stringify({ key }),
  ];
  for (const echo of echoes) {
    const text = `the server said: ${echo} (end)`;
    const out = redact(text, [key]);
    expect(out, text).toContain("[redacted]");
    expect(out).not.toContain("slash");
  }
  expect(redact(`?key=${encodeURIComponent(key).replaceAll("%2F", "%2f")}&x=1`, [key])).toBe("?key=[redacted]&x=1");
  expect(redact(`{"key":${JSON.stringify(key)}}`, [key])).toBe('{"key":"[redacted]"}');
});

test("leaves text without the key alone", () => {
  expect(redact("k3y with slash and quote %2F", [key])).toBe("k3y with slash and quote %2F");
});
