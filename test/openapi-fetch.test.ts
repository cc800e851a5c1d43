// @nexor/api/openapi-fetch: an openapi-fetch client over the same request core, for any path of the spec: the key,
// the deadline, the caller's signal and the origin rule hold there too, and HTTP errors come back as { error }.
import { describe, expect } from "vitest";
import { APIUserAbortError, ConfigurationError, RequestValidationError } from "../src/index.js";
import { createNexorApi } from "../src/openapi-fetch.js";
import { API_KEY, call, requests, responses } from "./support/examples.js";
import { test } from "./support/fixtures.js";
import { json, sleep } from "./support/local-server.js";

describe("createNexorApi", () => {
  test("calls any path of the spec with the key, returning { data, error, response }", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, responses.call));
    const api = createNexorApi({ apiKey: API_KEY, baseUrl: server.url });
    const { data, error, response } = await api.POST("/messages", { body: requests.call! });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.call_status).toBe("registered");
    expect(server.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
  });

  test("returns HTTP errors as { error } instead of throwing", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 404, { error: "Not found", message: "Lead not found" }));
    const api = createNexorApi({ apiKey: API_KEY, baseUrl: server.url });
    const { data, error, response } = await api.POST("/messages", { body: requests.call! });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual({ error: "Not found", message: "Lead not found" });
  });

  test("never lets a request's headers replace the key", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, responses.call));
    const api = createNexorApi({ apiKey: API_KEY, baseUrl: server.url });
    await api.POST("/messages", { body: requests.call!, headers: { "X-API-Key": "nxr_live_from_request_headers" } });
    expect(server.requests[0]?.headers["x-api-key"] === API_KEY).toBe(true);
  });
});

describe("the key goes only to the client's origin", () => {
  test("it never sends the key elsewhere, whatever baseUrl a request names", async ({ serve }) => {
    const nexor = await serve((_request, response) => json(response, 200, { success: true }));
    const elsewhere = await serve((_request, response) => json(response, 200, { success: true }));
    const api = createNexorApi({ apiKey: API_KEY, baseUrl: nexor.url });
    const sending = api.POST("/messages", { body: call, baseUrl: elsewhere.url });
    await expect(sending).rejects.toBeInstanceOf(ConfigurationError);
    await expect(sending).rejects.toThrow(elsewhere.url);
    expect(elsewhere.requests).toHaveLength(0);
    expect(nexor.requests).toHaveLength(0);
  });
});

describe("the caller's signal", () => {
  test("a signal passed to a request aborts it", async ({ serve }) => {
    const server = await serve(async (_request, response) => {
      await sleep(2000);
      json(response, 200, { success: true });
    });
    const api = createNexorApi({ apiKey: API_KEY, baseUrl: server.url });
    const started = performance.now();
    await expect(api.POST("/messages", { body: call, signal: AbortSignal.timeout(100) })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("path ids", () => {
  test.for(["..", ".", ""])("%j cannot reach another path: a RequestValidationError, and nothing is sent", async (id, { serve }) => {
    const server = await serve((_request, response) => json(response, 200, {}));
    const sending = createNexorApi({ apiKey: API_KEY, baseUrl: server.url }).POST("/leads/{leadId}/tags", {
      params: { path: { leadId: id } },
      body: { tagId: "8f01fb18-80ec-433a-940d-881d1e74bee6" },
    });
    await expect(sending).rejects.toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(0);
  });

  test("a lone surrogate in a path id or a query value is a RequestValidationError, and nothing is sent", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, {}));
    const api = createNexorApi({ apiKey: API_KEY, baseUrl: server.url });
    await expect(api.GET("/leads/{id}", { params: { path: { id: "lead-\ud800" } } })).rejects.toBeInstanceOf(RequestValidationError);
    await expect(api.GET("/tags", { params: { query: { search: "\udc00" } as never } })).rejects.toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(0);
  });

  test("a body that cannot be sent as JSON is a RequestValidationError, and nothing is sent", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, {}));
    const api = createNexorApi({ apiKey: API_KEY, baseUrl: server.url });
    const body = {
      ...requests.call!,
      get lead_id(): string {
        throw new Error("getter failed");
      },
    };
    await expect(api.POST("/messages", { body })).rejects.toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
