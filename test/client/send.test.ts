// The happy path: what the client sends on each channel and what it returns, against a real loopback server.
import { afterEach, describe, expect, test } from "vitest";
import { createNexorClient } from "../../src/index.js";
import { API_KEY, requests, responses } from "../support/examples.js";
import { json, type LocalServer, startServer } from "../support/local-server.js";

let server: LocalServer;
afterEach(() => server?.close());

/** A server that answers each example request with the response example of the same name. */
async function exampleServer() {
  return startServer((request, response) => {
    const name = Object.keys(requests).find((key) => JSON.stringify(requests[key]) === request.body);
    json(response, 200, name ? responses[name] : { error: "no example matches" });
  });
}

describe("messages.send", () => {
  test.each(Object.keys(requests))("sends the %s example once and returns its result", async (name) => {
    server = await exampleServer();
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    const sent = await nexor.messages.send(requests[name]!);
    expect(sent).toEqual(responses[name]);
    expect(server.requests).toHaveLength(1);
    const [received] = server.requests;
    expect(received?.method).toBe("POST");
    expect(received?.path).toBe("/messages");
    expect(received?.headers["x-api-key"]).toBe(API_KEY);
    expect(received?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(received?.body ?? "")).toEqual(requests[name]);
  });

  test("keeps the base URL's path and adds the client's extra headers", async () => {
    server = await startServer((_request, response) => json(response, 200, { success: true }));
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: `${server.url}/api/public/`, headers: { "x-trace": "t-1" } });
    await nexor.messages.send(requests.call!);
    expect(server.requests[0]?.path).toBe("/api/public/messages");
    expect(server.requests[0]?.headers["x-trace"]).toBe("t-1");
  });

  test("a 200 without a success field is a sent message, as the docs do not mark success required", async () => {
    server = await startServer((_request, response) => json(response, 200, { call_id: "c-1", call_status: "registered" }));
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    await expect(nexor.messages.send(requests.call!)).resolves.toEqual({ call_id: "c-1", call_status: "registered" });
  });
});

describe("options from the environment", () => {
  test("apiKey defaults to NEXOR_API_KEY and baseUrl to NEXOR_BASE_URL", async () => {
    server = await startServer((_request, response) => json(response, 200, { success: true }));
    process.env.NEXOR_API_KEY = API_KEY;
    process.env.NEXOR_BASE_URL = server.url;
    try {
      await createNexorClient().messages.send(requests.call!);
    } finally {
      delete process.env.NEXOR_API_KEY;
      delete process.env.NEXOR_BASE_URL;
    }
    expect(server.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
  });
});

describe("the openapi-fetch escape hatch", () => {
  test("calls any path of the spec with the key, returning { data, error, response }", async () => {
    server = await startServer((_request, response) => json(response, 200, responses.call));
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    const { data, error, response } = await nexor.api.POST("/messages", { body: requests.call! });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.call_status).toBe("registered");
    expect(server.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
  });

  test("returns HTTP errors as { error } instead of throwing", async () => {
    server = await startServer((_request, response) => json(response, 404, { error: "Not found", message: "Lead not found" }));
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    const { data, error, response } = await nexor.api.POST("/messages", { body: requests.call! });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "Not found", message: "Lead not found" });
  });
});
