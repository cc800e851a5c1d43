// createNexorClient: the options it refuses before any request (a missing key, a key no header can carry, plain http
// to another host, unusable limits) and the options it reads from the environment.
import { describe, expect } from "vitest";
import { ConfigurationError, createNexorClient } from "../src/index.js";
import { API_KEY, call } from "./support/examples.js";
import { test } from "./support/fixtures.js";
import { json } from "./support/local-server.js";

/** createNexorClient(options), which must throw. */
const creating = (options: Parameters<typeof createNexorClient>[0]) => () => createNexorClient(options);

/** Runs `body` with NEXOR_API_KEY and NEXOR_BASE_URL set as `env` says (undefined: unset), then restores them. */
async function withEnv(env: Record<"NEXOR_API_KEY" | "NEXOR_BASE_URL", string | undefined>, body: () => unknown): Promise<void> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(env);
  try {
    await body();
  } finally {
    apply(saved);
  }
}

describe("the API key", () => {
  test.for([
    ["missing", undefined],
    ["empty", ""],
    ["whitespace", "  \n\t"],
  ] as const)("%s is a ConfigurationError naming NEXOR_API_KEY and where to find the key", async ([, apiKey]) => {
    await withEnv({ NEXOR_API_KEY: undefined, NEXOR_BASE_URL: undefined }, () => {
      expect(creating({ apiKey })).toThrow(ConfigurationError);
      expect(creating({ apiKey })).toThrow(expect.objectContaining({ name: "ConfigurationError", mayHaveBeenProcessed: false }));
      expect(creating({ apiKey })).toThrow(/NEXOR_API_KEY.*Integrations/);
    });
  });

  test("with a space or a line break inside is refused without echoing it", () => {
    const creatingWithBadKey = creating({ apiKey: "nxr_live_ab cd\nef" });
    expect(creatingWithBadKey).toThrow(ConfigurationError);
    expect(creatingWithBadKey).toThrow("NEXOR_API_KEY");
    expect(creatingWithBadKey).toThrow(expect.objectContaining({ message: expect.not.stringContaining("nxr_live_ab") }));
  });

  test("surrounding whitespace, as a secrets file leaves it, is trimmed from the header sent", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true }));
    await createNexorClient({ apiKey: ` ${API_KEY}\n`, baseUrl: server.url }).messages.send(call);
    expect(server.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
  });
});

describe("the base URL", () => {
  test.for(["http://api.getnexor.ai/api/public", "http://10.0.0.5:8080", "http://127.0.0.1.example.com", "ftp://127.0.0.1"])(
    "%s is refused: the key would cross the network in clear text",
    (baseUrl) => {
      expect(creating({ apiKey: API_KEY, baseUrl })).toThrow(ConfigurationError);
      expect(creating({ apiKey: API_KEY, baseUrl })).toThrow("must start with https://");
    },
  );

  test.for([
    "https://api.getnexor.ai/api/public",
    "http://localhost:4010",
    "http://127.0.0.1:4010",
    "http://127.4.5.6",
    "http://[::1]:4010",
  ])("%s is accepted", (baseUrl) => {
    expect(creating({ apiKey: API_KEY, baseUrl })).not.toThrow();
  });

  test("a value that is not a URL names NEXOR_BASE_URL", () => {
    expect(creating({ apiKey: API_KEY, baseUrl: "api.getnexor.ai" })).toThrow(ConfigurationError);
    expect(creating({ apiKey: API_KEY, baseUrl: "api.getnexor.ai" })).toThrow("NEXOR_BASE_URL");
  });

  test("keeps its path, with or without a trailing slash, and the client's extra headers go with every request", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true }));
    for (const baseUrl of [`${server.url}/api/public/`, `${server.url}/api/public`]) {
      await createNexorClient({ apiKey: API_KEY, baseUrl, headers: { "x-trace": "t-1" } }).messages.send(call);
    }
    expect(server.requests.map((request) => request.path)).toEqual(["/api/public/messages", "/api/public/messages"]);
    expect(server.requests.map((request) => request.headers["x-trace"])).toEqual(["t-1", "t-1"]);
  });
});

describe("a base URL the operations' paths cannot be appended to", () => {
  test.for([
    "https://api.getnexor.ai/api/public#x",
    "https://api.getnexor.ai/api/public?v=1",
    "https://user:secret@api.getnexor.ai/api/public",
  ])("%s is a ConfigurationError before any request", (baseUrl) => {
    expect(creating({ apiKey: API_KEY, baseUrl })).toThrow("no credentials, query or fragment");
  });
  test("the refusal never prints the credentials", () => {
    expect(creating({ apiKey: API_KEY, baseUrl: "https://user:secret@api.getnexor.ai" })).not.toThrow(/secret/);
  });
});

describe("limits", () => {
  test.for([
    ["timeoutMs", { timeoutMs: 0 }],
    ["timeoutMs", { timeoutMs: Number.NaN }],
    ["timeoutMs", { timeoutMs: 2 ** 31 }],
    ["maxRetries", { maxRetries: -1 }],
    ["maxRetries", { maxRetries: 1.5 }],
  ] as const)("an unusable %s is refused", ([name, limits]) => {
    expect(creating({ apiKey: API_KEY, ...limits })).toThrow(ConfigurationError);
    expect(creating({ apiKey: API_KEY, ...limits })).toThrow(name);
  });
});

describe("options from the environment", () => {
  test("apiKey defaults to NEXOR_API_KEY and baseUrl to NEXOR_BASE_URL", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true }));
    await withEnv({ NEXOR_API_KEY: API_KEY, NEXOR_BASE_URL: server.url }, () => createNexorClient().messages.send(call));
    expect(server.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
  });

  test("options passed win over the environment", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true }));
    await withEnv({ NEXOR_API_KEY: "nxr_live_from_the_environment", NEXOR_BASE_URL: "https://api.getnexor.ai/api/public" }, () =>
      createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call),
    );
    expect(server.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
  });
});

describe("options of the wrong type are refused when the client is created", () => {
  test.for([
    ["apiKey: 12345", { apiKey: 12345 }, /apiKey option must be a string, got a number/],
    ['timeoutMs: "100"', { timeoutMs: "100" }, /timeoutMs must be a number of milliseconds.*got a string of 3 characters\./],
    ["maxRetries: 1.5", { maxRetries: 1.5 }, /maxRetries must be a whole number ≥ 0, got 1.5/],
    ['maxRetries: "2"', { maxRetries: "2" }, /maxRetries must be a whole number ≥ 0, got a string of 1 character\./],
    ["maxResponseBytes: 0", { maxResponseBytes: 0 }, /maxResponseBytes must be a whole number ≥ 1, got 0/],
    ["baseUrl: 42", { baseUrl: 42 }, /baseUrl option must be a string, got 42/],
    ['fetch: "fetch"', { fetch: "fetch" }, /fetch option must be a function/],
    ['validate: "no"', { validate: "no" }, /validate option must be a boolean/],
    ['headers: { "x-n": 1 }', { headers: { "x-n": 1 } }, /header "x-n" in the headers option must be a string, got 1/],
  ] as const)("%s is a ConfigurationError naming the option", ([, options, message]) => {
    const creating = () => createNexorClient({ apiKey: API_KEY, ...(options as object) });
    expect(creating).toThrow(ConfigurationError);
    expect(creating).toThrow(message);
  });

  test("a key passed in place of the options is refused without quoting any of it", () => {
    const creating = () => createNexorClient(API_KEY as unknown as Parameters<typeof createNexorClient>[0]);
    expect(creating).toThrow(ConfigurationError);
    expect(creating).toThrow(`createNexorClient takes an options object, got a string of ${API_KEY.length} characters.`);
    expect(creating).not.toThrow(/nxr_live/);
  });

  test("a string where a number belongs is named by its length, never quoted", () => {
    const secret = "nxr_live_pasted_into_the_wrong_option";
    for (const options of [{ timeoutMs: secret }, { maxRetries: secret }, { maxResponseBytes: secret }]) {
      const creating = () => createNexorClient({ apiKey: API_KEY, ...(options as object) });
      expect(creating).toThrow(`got a string of ${secret.length} characters.`);
      expect(creating).not.toThrow(/nxr_live/);
    }
  });

  test("an apiKey that is not a string is not printed", () => {
    expect(() => createNexorClient({ apiKey: { key: API_KEY } as unknown as string })).toThrow(/got an object\.$/);
  });

  test.for([
    ["api.getnexor.ai/api/public", 'Add the scheme: "https://api.getnexor.ai/api/public"'],
    ["127.0.0.1:4010/api", 'Add the scheme: "https://127.0.0.1:4010/api"'],
    ["not a url at all", "must start with https://"],
  ])("a baseUrl without a scheme (%s) says to add https://", ([baseUrl, hint]) => {
    expect(() => createNexorClient({ apiKey: API_KEY, baseUrl })).toThrow(hint);
  });
});
