// A redirect is followed only where the key may go: same origin, and for a POST only 307/308, which keep the method.
import { inspect } from "node:util";
import { describe, expect } from "vitest";
import { UnexpectedResponseError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { rejectionOf } from "../support/failures.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { callOperation, readLead } from "../support/operations.js";
import { transports } from "../support/transports.js";

describe.for(transports)("over $name", ({ createNexorClient, transport }) => {
  describe("redirects", () => {
    test("a redirect to another origin is not followed and the other origin receives nothing", async ({ serve }) => {
      const elsewhere = await serve((_request, response) => json(response, 200, { success: true }));
      const nexor = await serve((_request, response) => response.writeHead(307, { location: `${elsewhere.url}/messages` }).end());
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url }).messages.send(call);
      await expect(sending).rejects.toBeInstanceOf(UnexpectedResponseError);
      await expect(sending).rejects.toThrow(elsewhere.url);
      await expect(sending).rejects.toThrow("another origin");
      expect(elsewhere.requests).toHaveLength(0);
    });

    test("a same-origin 307 is followed with the method, body and key", async ({ serve }) => {
      const nexor = await serve((request, response) =>
        request.path === "/messages" ? response.writeHead(307, { location: "/v2/messages" }).end() : json(response, 200, { success: true }),
      );
      await createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url }).messages.send(call);
      expect(nexor.requests.map((request) => [request.method, request.path])).toEqual([
        ["POST", "/messages"],
        ["POST", "/v2/messages"],
      ]);
      expect(nexor.requests[1]?.headers["x-api-key"]).toBe(API_KEY);
      expect(nexor.requests[1]?.body).toBe(nexor.requests[0]?.body);
    });

    test("a same-origin 302 is not followed for a POST, which it would turn into a GET", async ({ serve }) => {
      const nexor = await serve((request, response) =>
        request.path === "/messages" ? response.writeHead(302, { location: "/elsewhere" }).end() : json(response, 200, {}),
      );
      await expect(createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url }).messages.send(call)).rejects.toBeInstanceOf(
        UnexpectedResponseError,
      );
      expect(nexor.requests).toHaveLength(1);
    });

    test("a same-origin 302 is followed for a GET, which keeps its method", async ({ serve }) => {
      const nexor = await serve((request, response) =>
        request.path === "/leads/l-1" ? response.writeHead(302, { location: "/v2/leads/l-1" }).end() : json(response, 200, { id: "l-1" }),
      );
      await expect(callOperation(readLead, { transport, baseUrl: nexor.url }, { ids: ["l-1"] })).resolves.toEqual({ id: "l-1" });
      expect(nexor.requests.map((request) => [request.method, request.path])).toEqual([
        ["GET", "/leads/l-1"],
        ["GET", "/v2/leads/l-1"],
      ]);
    });

    test("a redirect to plain http on another host is refused", async ({ serve }) => {
      const nexor = await serve((_request, response) => response.writeHead(308, { location: "http://api.getnexor.ai/messages" }).end());
      await expect(createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url }).messages.send(call)).rejects.toBeInstanceOf(
        UnexpectedResponseError,
      );
      expect(nexor.requests).toHaveLength(1);
    });

    test("a chain of same-origin redirects stops after five, saying so", async ({ serve }) => {
      const nexor = await serve((request, response) => response.writeHead(307, { location: `${request.path}x` }).end());
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url }).messages.send(call);
      await expect(sending).rejects.toBeInstanceOf(UnexpectedResponseError);
      await expect(sending).rejects.toThrow("after 5 redirects");
      expect(nexor.requests).toHaveLength(6);
    });
  });

  describe("a redirect not followed", () => {
    test.for([301, 302, 303])("a %i for a POST may come after the request was acted on", async (status, { serve }) => {
      const server = await serve((_request, response) => response.writeHead(status, { location: "/elsewhere" }).end());
      const calling = createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call);
      await expect(calling).rejects.toMatchObject({ name: "UnexpectedResponseError", status, mayHaveBeenProcessed: true });
      expect(server.requests).toHaveLength(1);
    });
  });

  describe("a redirect the client cannot read or must not quote", () => {
    test("an unparseable Location after a POST is an UnexpectedResponseError that may have been processed, with no key in it", async ({
      serve,
    }) => {
      const nexor = await serve((_request, response) => response.writeHead(302, { location: `http://[::1/?token=${API_KEY}` }).end());
      const error = await rejectionOf(createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url }).messages.send(call));
      expect(error instanceof UnexpectedResponseError).toBe(true);
      expect((error as UnexpectedResponseError).mayHaveBeenProcessed).toBe(true);
      expect((error as Error).message).toMatch(/Location is not a URL/);
      expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }).includes(API_KEY)).toBe(false);
      expect(JSON.stringify(error).includes(API_KEY)).toBe(false);
      expect(nexor.requests).toHaveLength(1);
    });

    test("an unparseable Location after a GET is not processed, and a 307 one keeps the request unprocessed", async ({ serve }) => {
      const nexor = await serve((_request, response) => response.writeHead(307, { location: "http://[::1/x" }).end());
      const reading = callOperation(readLead, { transport, baseUrl: nexor.url, maxRetries: 0 }, { ids: ["l-1"] });
      await expect(reading).rejects.toMatchObject({ name: "UnexpectedResponseError", mayHaveBeenProcessed: false });
    });

    test.for([
      ["a real key", API_KEY],
      ["a short key", "k3y"],
    ])("the origin of a redirect elsewhere is quoted without %s in it", async ([, key], { serve }) => {
      const nexor = await serve((_request, response) => response.writeHead(302, { location: `https://${key}.example.com/x` }).end());
      const error = await rejectionOf(createNexorClient({ apiKey: key, baseUrl: nexor.url }).messages.send(call));
      expect(error instanceof UnexpectedResponseError).toBe(true);
      expect((error as Error).message).toContain("[redacted].example.com");
      for (const text of [
        (error as Error).message,
        String((error as Error).stack),
        inspect(error, { showHidden: true }),
        JSON.stringify(error),
      ]) {
        // A host is lower-cased by URL, so the key is looked for in any case.
        expect(text.toLowerCase().includes(key!.toLowerCase())).toBe(false);
      }
    });
  });
});
