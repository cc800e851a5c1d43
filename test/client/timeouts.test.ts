// The deadline covers the whole call, headers and body; the caller's signal aborts it. Neither resends anything.
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, test } from "vitest";
import { APIConnectionTimeoutError, APIUserAbortError, ConfigurationError, createNexorClient } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { json, type LocalServer, sleep, startServer } from "../support/local-server.js";

let server: LocalServer;
afterEach(() => server?.close());

describe("timeouts", () => {
  test("headers slower than the timeout: an APIConnectionTimeoutError, sent exactly once, close to the deadline", async () => {
    server = await startServer(async (_request, response) => {
      await sleep(2000);
      json(response, 200, { success: true });
    });
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, timeoutMs: 300, maxRetries: 5 });
    const started = performance.now();
    const error = await nexor.messages.send(call).catch((thrown: unknown) => thrown);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).name).toContain("Timeout");
    expect((error as APIConnectionTimeoutError).mayHaveBeenProcessed).toBe(true);
    expect((error as Error).message).toContain("300 ms");
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });

  test("a body that trickles past the timeout after fast headers also times out", async () => {
    server = await startServer(async (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"success":');
      await sleep(2000);
      response.end("true}");
    });
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, timeoutMs: 300 });
    const error = await nexor.messages.send(call).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    ["answers late", () => sleep(2000).then(() => Response.json({ success: true }))],
    ["never settles", () => new Promise<Response>(() => undefined)],
  ])("a custom fetch that ignores its signal and %s still ends at the deadline", async (_case, respond) => {
    const stubborn: typeof fetch = () => respond();
    const started = performance.now();
    const error = await createNexorClient({
      apiKey: API_KEY,
      baseUrl: "https://api.getnexor.ai/api/public",
      fetch: stubborn,
      timeoutMs: 200,
    })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("a per-request timeoutMs overrides the client's", async () => {
    server = await startServer(async (_request, response) => {
      await sleep(500);
      json(response, 200, { success: true });
    });
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, timeoutMs: 100 });
    await expect(nexor.messages.send(call, { timeoutMs: 3000 })).resolves.toEqual({ success: true });
  });
});

describe("the caller's signal", () => {
  test("an already aborted signal sends nothing", async () => {
    server = await startServer((_request, response) => json(response, 200, { success: true }));
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url })
      .messages.send(call, { signal: AbortSignal.abort() })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).mayHaveBeenProcessed).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  test("aborting in flight is an APIUserAbortError that warns the request may have arrived", async () => {
    server = await startServer(async (_request, response) => {
      await sleep(2000);
      json(response, 200, { success: true });
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url })
      .messages.send(call, { signal: controller.signal })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).mayHaveBeenProcessed).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  test("aborting during a retry wait stops the retries", async () => {
    server = await startServer((_request, response) => json(response, 429, {}, { "retry-after": "5" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url })
      .messages.send(call, { signal: controller.signal })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIUserAbortError);
    // Nexor refused the only request with a 429, so nothing was processed.
    expect((error as APIUserAbortError).mayHaveBeenProcessed).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  test("a signal shared by many sends keeps no listener once they settle, retries included", async () => {
    server = await startServer((_request, response, index) =>
      index % 2 === 0 ? json(response, 429, {}, { "retry-after": "0" }) : json(response, 200, { success: true }),
    );
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    const shared = new AbortController().signal;
    for (let i = 0; i < 20; i++) await nexor.messages.send(call, { signal: shared });
    expect(server.requests).toHaveLength(40);
    expect(getEventListeners(shared, "abort")).toHaveLength(0);
  });

  test("a signal passed to the openapi-fetch escape hatch aborts it too", async () => {
    server = await startServer(async (_request, response) => {
      await sleep(2000);
      json(response, 200, { success: true });
    });
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    const started = performance.now();
    const error = await nexor.api.POST("/messages", { body: call, signal: AbortSignal.timeout(100) }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("per-request limits", () => {
  test.each([{ timeoutMs: 0 }, { timeoutMs: 2 ** 31 }, { maxRetries: -1 }])(
    "%o is a ConfigurationError and nothing is sent",
    async (limits) => {
      server = await startServer((_request, response) => json(response, 200, { success: true }));
      const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url })
        .messages.send(call, limits)
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(server.requests).toHaveLength(0);
    },
  );
});
