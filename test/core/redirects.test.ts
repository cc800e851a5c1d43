// A redirect is followed only where the key may go: same origin, and for a POST only 307/308, which keep the method.
import { describe, expect } from "vitest";
import { createNexorClient, UnexpectedResponseError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { callOperation, readLead } from "../support/operations.js";

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
    await expect(callOperation(readLead, { baseUrl: nexor.url }, { ids: ["l-1"] })).resolves.toEqual({ id: "l-1" });
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
