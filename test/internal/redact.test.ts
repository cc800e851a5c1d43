// The one redactor every error string goes through: the key wherever it stands, in any case and percent-encoded, and
// URL credentials; a very short test key only as a whole word.
import { describe, expect, test } from "vitest";
import { createRedactor } from "../../src/internal/redact.js";

describe("createRedactor", () => {
  test("a key of 6 characters or more is hidden inside another word too", () => {
    const redactor = createRedactor("shortkey1");
    expect(redactor.text("token x_shortkey1 and SHORTKEY1.example.com")).toBe("token x_[redacted] and [redacted].example.com");
  });

  test("a long key is hidden percent-encoded and in property names", () => {
    const key = "nxr_live_a+b/c=d0123456789";
    const redactor = createRedactor(key);
    expect(redactor.text(`https://h/?k=${encodeURIComponent(key)}`)).toBe("https://h/?k=[redacted]");
    expect(redactor.value({ [key]: [key] })).toEqual({ "[redacted]": ["[redacted]"] });
  });

  test("a key under 6 characters only as a whole token, so ordinary words stay readable", () => {
    const redactor = createRedactor("key");
    expect(redactor.text("API key: key")).toBe("API [redacted]: [redacted]");
    expect(redactor.text("monkey keys")).toBe("monkey keys");
  });

  test("URL credentials, whoever's they are", () => {
    expect(createRedactor("nxr_live_x").text("see https://user:pw@example.com/x")).toBe("see https://[redacted]@example.com/x");
  });
});
