// Options the client refuses before any request: a missing key, a key no header can carry, plain http to another host.
import { describe, expect, test } from "vitest";
import { ConfigurationError, createNexorClient } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { json, startServer } from "../support/local-server.js";

function configurationError(options: Parameters<typeof createNexorClient>[0]): ConfigurationError {
  try {
    createNexorClient(options);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error("createNexorClient accepted the options");
}

describe("the API key", () => {
  test.each([
    ["missing", undefined],
    ["empty", ""],
    ["whitespace", "  \n\t"],
  ])("%s is a ConfigurationError naming NEXOR_API_KEY and where to find the key", (_case, apiKey) => {
    const saved = process.env.NEXOR_API_KEY;
    delete process.env.NEXOR_API_KEY;
    try {
      const error = configurationError({ apiKey });
      expect(error.message).toContain("NEXOR_API_KEY");
      expect(error.message).toContain("Integrations");
      expect(error.mayHaveBeenProcessed).toBe(false);
    } finally {
      if (saved !== undefined) process.env.NEXOR_API_KEY = saved;
    }
  });

  test("with a space or a line break inside is refused without echoing it", () => {
    const error = configurationError({ apiKey: "nxr_live_ab cd\nef" });
    expect(error.message).toContain("NEXOR_API_KEY");
    expect(error.message.includes("nxr_live_ab")).toBe(false);
  });

  test("surrounding whitespace, as a secrets file leaves it, is trimmed from the header sent", async () => {
    const server = await startServer((_request, response) => json(response, 200, { success: true }));
    try {
      await createNexorClient({ apiKey: ` ${API_KEY}\n`, baseUrl: server.url }).messages.send(call);
      expect(server.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
    } finally {
      await server.close();
    }
  });
});

describe("the base URL", () => {
  test.each(["http://api.getnexor.ai/api/public", "http://10.0.0.5:8080", "http://127.0.0.1.example.com", "ftp://127.0.0.1"])(
    "%s is refused: the key would cross the network in clear text",
    (baseUrl) => {
      expect(configurationError({ apiKey: API_KEY, baseUrl }).message).toContain("use https");
    },
  );

  test.each([
    "https://api.getnexor.ai/api/public",
    "http://localhost:4010",
    "http://127.0.0.1:4010",
    "http://127.4.5.6",
    "http://[::1]:4010",
  ])("%s is accepted", (baseUrl) => {
    expect(() => createNexorClient({ apiKey: API_KEY, baseUrl })).not.toThrow();
  });

  test("a value that is not a URL names NEXOR_BASE_URL", () => {
    expect(configurationError({ apiKey: API_KEY, baseUrl: "api.getnexor.ai" }).message).toContain("NEXOR_BASE_URL");
  });
});

describe("limits", () => {
  test.each([
    ["timeoutMs", { timeoutMs: 0 }],
    ["timeoutMs", { timeoutMs: Number.NaN }],
    ["timeoutMs", { timeoutMs: 2 ** 31 }],
    ["maxRetries", { maxRetries: -1 }],
    ["maxRetries", { maxRetries: 1.5 }],
  ])("an unusable %s is refused", (name, limits) => {
    expect(configurationError({ apiKey: API_KEY, ...limits }).message).toContain(name);
  });
});
