// What the sender can prove was sent: a request fetch refuses before writing a byte (a header value outside Latin-1, a
// header fetch reserves for itself) reaches no server and is never "may have been processed"; a custom fetch that
// breaks (throws a non-error, throws after the call began) still ends in a NexorError.
import { describe, expect } from "vitest";
import { APIConnectionError, ConfigurationError, NexorError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { rejectionOf } from "../support/failures.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { transports } from "../support/transports.js";

describe.for(transports)("over $name", ({ createNexorClient }) => {
  describe("a request that cannot leave", () => {
    test.for([
      ["a header value outside Latin-1, as a client option", { headers: { "x-note": "naïve ✓" } }, undefined],
      ["a header value outside Latin-1, per request", {}, { headers: { "x-note": "✓" } }],
      ["a transfer-encoding header", { headers: { "transfer-encoding": "chunked" } }, undefined],
      ["a header value with a line break", {}, { headers: { "x-note": "a\r\nb: c" } }],
    ] as const)(
      "%s is a ConfigurationError saying nothing was sent, and the server receives 0 requests",
      async ([, client, options], { serve }) => {
        const server = await serve((_request, response) => json(response, 200, { success: true }));
        const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, ...client });
        const error = await rejectionOf(nexor.messages.send(call, options));
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error).toMatchObject({ mayHaveBeenProcessed: false });
        expect((error as Error).message).toMatch(/Nothing was sent/);
        expect(server.requests).toHaveLength(0);
      },
    );

    test("fetch's own refusal of a header, reached through a custom fetch, is classified as nothing sent", async () => {
      const nexor = createNexorClient({
        apiKey: API_KEY,
        maxRetries: 0,
        // What undici throws for a header it refuses, before it writes anything.
        fetch: async () => {
          throw Object.assign(new TypeError("fetch failed"), {
            cause: Object.assign(new Error("invalid transfer-encoding header"), { code: "UND_ERR_INVALID_ARG" }),
          });
        },
      });
      const error = await rejectionOf(nexor.messages.send(call));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({ mayHaveBeenProcessed: false });
    });
  });

  describe("a custom fetch that breaks", () => {
    test.for([
      ["throws a string", "boom"],
      ["throws null", null],
      [
        "throws an object with a throwing message getter",
        {
          get message(): string {
            throw new Error("no message");
          },
        },
      ],
    ] as const)("and %s gives a NexorError", async ([, thrown]) => {
      const nexor = createNexorClient({
        apiKey: API_KEY,
        maxRetries: 0,
        fetch: async () => {
          throw thrown;
        },
      });
      const error = await rejectionOf(nexor.messages.send(call));
      expect(error).toBeInstanceOf(NexorError);
      expect(error).toBeInstanceOf(APIConnectionError);
    });

    test("and resolves something that is not a Response gives a NexorError that may have been processed", async () => {
      const nexor = createNexorClient({ apiKey: API_KEY, maxRetries: 0, fetch: async () => ({}) as Response });
      const error = await rejectionOf(nexor.messages.send(call));
      expect(error).toBeInstanceOf(NexorError);
      expect(error).toMatchObject({ mayHaveBeenProcessed: true });
    });
  });
});
