// The mock `npm test` shares with every suite is named by an environment variable, and the suites send their fixed
// fake keys to it: only a loopback HTTP origin may be taken from there, whatever else the environment holds.
import { describe, expect, test } from "vitest";
import { SHARED_MOCK_VARIABLE, sharedMockUrl } from "../support/shared-mock.js";

describe("the shared mock's URL", () => {
  test("is absent when the variable is unset or empty", () => {
    expect(sharedMockUrl({})).toBeUndefined();
    expect(sharedMockUrl({ [SHARED_MOCK_VARIABLE]: "" })).toBeUndefined();
  });

  test("is a loopback HTTP origin, given with or without its trailing slash", () => {
    expect(sharedMockUrl({ [SHARED_MOCK_VARIABLE]: "http://127.0.0.1:4010" })).toBe("http://127.0.0.1:4010");
    expect(sharedMockUrl({ [SHARED_MOCK_VARIABLE]: "http://127.0.0.1:4010/" })).toBe("http://127.0.0.1:4010");
  });

  test.for([
    "https://api.getnexor.ai/api/public",
    "http://api.getnexor.ai",
    "http://127.0.0.1.example.com:4010",
    "http://localhost:4010",
    "https://127.0.0.1:4010",
    "http://127.0.0.1:4010/api/public",
    "http://127.0.0.1:4010/?x=1",
    "http://user:pass@127.0.0.1:4010",
    "127.0.0.1:4010",
  ])("refuses %s, naming the variable and the fix", (value) => {
    expect(() => sharedMockUrl({ [SHARED_MOCK_VARIABLE]: value })).toThrow(/NEXOR_TEST_MOCK_URL must be a loopback origin.*unset it/);
  });
});
