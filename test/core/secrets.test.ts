// The API key goes only to the client's origin, and never appears in an error: not in its message, string form,
// stack, util.inspect or JSON, even when a server or a custom fetch echoes the key back. Assertions compare booleans
// and never print an error, so that a failure cannot print the key.
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";
import { describe, expect } from "vitest";
import { type ClientOptions, NexorError, RequestValidationError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { rejectionOf } from "../support/failures.js";
import { type Serve, test } from "../support/fixtures.js";
import { json, refusedUrl, sleep } from "../support/local-server.js";
import { transports } from "../support/transports.js";

/** Every way an error is turned into text by a logger or a test runner. */
function renderings(error: unknown): Record<string, string> {
  return {
    message: (error as Error).message,
    string: String(error),
    stack: String((error as Error).stack),
    inspect: inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    json: JSON.stringify(error),
  };
}

function expectNoKey(error: unknown) {
  expect(error instanceof NexorError, "the failure is a NexorError").toBe(true);
  for (const [rendering, text] of Object.entries(renderings(error))) {
    expect(text.includes(API_KEY), `the key appears in the error's ${rendering}`).toBe(false);
  }
}

const echo = (body: string) => body.replaceAll("KEY", API_KEY);

const scenarios: Array<[string, (serve: Serve) => Promise<ClientOptions>]> = [
  [
    "a 401 that echoes the key in its body and headers",
    async (serve) => {
      const server = await serve((request, response) =>
        json(
          response,
          401,
          { error: "Invalid API key", message: `Key ${String(request.headers["x-api-key"])} is not valid` },
          {
            "x-echo": String(request.headers["x-api-key"]),
          },
        ),
      );
      return { baseUrl: server.url };
    },
  ],
  [
    "a 400 that echoes the key",
    async (serve) => {
      const server = await serve((_request, response) => json(response, 400, { error: "Validation error", message: echo("bad key KEY") }));
      return { baseUrl: server.url };
    },
  ],
  [
    "an HTML 502 that echoes the key",
    async (serve) => {
      const server = await serve((_request, response) => response.writeHead(502, { "content-type": "text/html" }).end(echo("<p>KEY</p>")));
      return { baseUrl: server.url };
    },
  ],
  [
    "a 200 with success false that echoes the key",
    async (serve) => {
      const server = await serve((_request, response) => json(response, 200, { success: false, note: echo("KEY") }));
      return { baseUrl: server.url };
    },
  ],
  [
    "a custom fetch that throws with the key in its message",
    async () => ({
      baseUrl: "https://api.getnexor.ai/api/public",
      fetch: async (_input: RequestInfo | URL, init?: RequestInit) => {
        throw new TypeError(`fetch failed for ${new Headers(init?.headers).get("x-api-key")}`, { cause: new Error(echo("socket KEY")) });
      },
    }),
  ],
  [
    "a custom fetch whose error carries the request headers, as axios-style adapters do",
    async () => ({
      baseUrl: "https://api.getnexor.ai/api/public",
      fetch: async (_input: RequestInfo | URL, init?: RequestInit) => {
        throw Object.assign(new Error("request failed"), { config: { headers: Object.fromEntries(new Headers(init?.headers)) } });
      },
    }),
  ],
  [
    "a custom fetch whose key sits six causes deep",
    async () => ({
      baseUrl: "https://api.getnexor.ai/api/public",
      fetch: async () => {
        const deepest = new Error(echo("socket KEY"));
        throw [1, 2, 3, 4, 5].reduce((cause, level) => new Error(`level ${level}`, { cause }), deepest);
      },
    }),
  ],
  ["a refused connection", async () => ({ baseUrl: await refusedUrl(), maxRetries: 0 })],
  [
    "a timeout",
    async (serve) => {
      const server = await serve(async (_request, response) => {
        await sleep(1000);
        json(response, 200, {});
      });
      return { baseUrl: server.url, timeoutMs: 100 };
    },
  ],
  [
    "a custom fetch that throws a plain object whose code is the key",
    async () => ({
      baseUrl: "https://api.getnexor.ai/api/public",
      fetch: async () => {
        throw { code: API_KEY, message: echo("refused KEY") };
      },
    }),
  ],
  [
    "a redirect to an origin whose host is the key",
    async (serve) => {
      const server = await serve((_request, response) => response.writeHead(302, { location: echo("https://KEY.example.com/x") }).end());
      return { baseUrl: server.url };
    },
  ],
  [
    "an unparseable Location that carries the key",
    async (serve) => {
      const server = await serve((_request, response) => response.writeHead(302, { location: echo("http://[::1/?token=KEY") }).end());
      return { baseUrl: server.url };
    },
  ],
  [
    "a gzip answer too large to read that echoes the key",
    async (serve) => {
      const server = await serve((_request, response) =>
        response.writeHead(500, { "content-type": "text/plain", "content-encoding": "gzip" }).end(gzipSync(echo("KEY ").repeat(5000))),
      );
      return { baseUrl: server.url, maxResponseBytes: 1024 };
    },
  ],
  [
    "a redirect to another origin that puts the key in the location",
    async (serve) => {
      const server = await serve((_request, response) => response.writeHead(307, { location: echo("http://127.0.0.2:9/?k=KEY") }).end());
      return { baseUrl: server.url };
    },
  ],
];

describe.for(transports)("over $name", ({ createNexorClient }) => {
  describe("the key never appears in an error", () => {
    test.for(scenarios)("%s", async ([, setup], { serve }) => {
      const nexor = createNexorClient({ apiKey: API_KEY, ...(await setup(serve)) });
      // Caught, not matched: a matcher that fails prints the error, and with it whatever the error holds.
      const error = await rejectionOf(nexor.messages.send(call));
      expectNoKey(error);
    });

    test("a body whose toJSON throws with the key is refused without it, and nothing is sent", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, {}));
      const body = {
        ...call,
        toJSON() {
          throw new Error(`cannot serialise for ${API_KEY}`);
        },
      };
      for (const validate of [true, false]) {
        const error = await rejectionOf(createNexorClient({ apiKey: API_KEY, baseUrl: server.url, validate }).messages.send(body));
        expect(error instanceof RequestValidationError).toBe(true);
        expectNoKey(error);
      }
      expect(server.requests).toHaveLength(0);
    });

    test("a configuration error for an insecure base URL", () => {
      let error: unknown;
      try {
        createNexorClient({ apiKey: API_KEY, baseUrl: "http://api.getnexor.ai" });
      } catch (thrown) {
        error = thrown;
      }
      expectNoKey(error);
    });

    test("nor in the client object", () => {
      const nexor = createNexorClient({ apiKey: API_KEY });
      expect(inspect(nexor, { depth: Number.POSITIVE_INFINITY, showHidden: true }).includes(API_KEY)).toBe(false);
      expect(JSON.stringify(nexor).includes(API_KEY)).toBe(false);
    });
  });
});
