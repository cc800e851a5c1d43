// A redirect is followed only where the key may go: same origin, and for a POST only 307/308, which keep the method.
import { afterEach, describe, expect, test } from "vitest";
import { ConfigurationError, createNexorClient, UnexpectedResponseError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { json, type LocalServer, startServer } from "../support/local-server.js";

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(handler: Parameters<typeof startServer>[0]): Promise<LocalServer> {
  const started = await startServer(handler);
  servers.push(started);
  return started;
}

describe("redirects", () => {
  test("a redirect to another origin is not followed and the other origin receives nothing", async () => {
    const elsewhere = await server((_request, response) => json(response, 200, { success: true }));
    const nexor = await server((_request, response) => response.writeHead(307, { location: `${elsewhere.url}/messages` }).end());
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain(elsewhere.url);
    expect((error as Error).message).toContain("another origin");
    expect(elsewhere.requests).toHaveLength(0);
  });

  test("a same-origin 307 is followed with the method, body and key", async () => {
    const nexor = await server((request, response) =>
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

  test("a same-origin 302 is not followed for a POST, which it would turn into a GET", async () => {
    const nexor = await server((request, response) =>
      request.path === "/messages" ? response.writeHead(302, { location: "/elsewhere" }).end() : json(response, 200, {}),
    );
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(nexor.requests).toHaveLength(1);
  });

  test("a redirect to plain http on another host is refused", async () => {
    const nexor = await server((_request, response) => response.writeHead(308, { location: "http://api.getnexor.ai/messages" }).end());
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(nexor.requests).toHaveLength(1);
  });

  test("a chain of same-origin redirects stops after five, saying so", async () => {
    const nexor = await server((request, response) => response.writeHead(307, { location: `${request.path}x` }).end());
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain("after 5 redirects");
    expect(nexor.requests).toHaveLength(6);
  });
});

describe("the escape hatch", () => {
  test("never sends the key to another origin, whatever baseUrl a request names", async () => {
    const nexor = await server((_request, response) => json(response, 200, { success: true }));
    const elsewhere = await server((_request, response) => json(response, 200, { success: true }));
    const client = createNexorClient({ apiKey: API_KEY, baseUrl: nexor.url });
    const error = await client.api.POST("/messages", { body: call, baseUrl: elsewhere.url }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(elsewhere.url);
    expect(elsewhere.requests).toHaveLength(0);
  });
});
