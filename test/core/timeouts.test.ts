// The deadline covers the whole call, headers and body; the caller's signal aborts it. Neither resends anything.
// Every test waits on real time and has its own server, so they run concurrently.
import { getEventListeners } from "node:events";
import { describe, expect } from "vitest";
import { APIConnectionTimeoutError, APIUserAbortError, ConfigurationError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { test } from "../support/fixtures.js";
import { json, sleep } from "../support/local-server.js";
import { transports } from "../support/transports.js";

describe.for(transports)("over $name", ({ createNexorClient }) => {
  describe.concurrent("timeouts", () => {
    test("headers slower than the timeout: an APIConnectionTimeoutError, sent exactly once, close to the deadline", async ({ serve }) => {
      const server = await serve(async (_request, response) => {
        await sleep(2000);
        json(response, 200, { success: true });
      });
      const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, timeoutMs: 300, maxRetries: 5 });
      const started = performance.now();
      const sending = nexor.messages.send(call);
      await expect(sending).rejects.toBeInstanceOf(APIConnectionTimeoutError);
      const elapsed = performance.now() - started;
      await expect(sending).rejects.toMatchObject({ name: "APIConnectionTimeoutError", mayHaveBeenProcessed: true });
      await expect(sending).rejects.toThrow(/300 ms/);
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(1500);
      expect(server.requests).toHaveLength(1);
    });

    test("a body that trickles past the timeout after fast headers also times out", async ({ serve }) => {
      const server = await serve(async (_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"success":');
        await sleep(2000);
        response.end("true}");
      });
      const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, timeoutMs: 300 });
      await expect(nexor.messages.send(call)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
      expect(server.requests).toHaveLength(1);
    });

    test.for([
      ["answers late", () => sleep(2000).then(() => Response.json({ success: true }))],
      ["never settles", () => new Promise<Response>(() => undefined)],
    ] as const)("a custom fetch that ignores its signal and %s still ends at the deadline", async ([, respond]) => {
      const stubborn: typeof fetch = () => respond();
      const started = performance.now();
      const sending = createNexorClient({
        apiKey: API_KEY,
        baseUrl: "https://api.getnexor.ai/api/public",
        fetch: stubborn,
        timeoutMs: 200,
      }).messages.send(call);
      await expect(sending).rejects.toBeInstanceOf(APIConnectionTimeoutError);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    test("a per-request timeoutMs overrides the client's", async ({ serve }) => {
      // The answer comes after the client's timeout and well within the request's.
      const server = await serve(async (_request, response) => {
        await sleep(150);
        json(response, 200, { success: true });
      });
      const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, timeoutMs: 50 });
      await expect(nexor.messages.send(call)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
      await expect(nexor.messages.send(call, { timeoutMs: 3000 })).resolves.toEqual({ success: true });
    });
  });

  describe.concurrent("the caller's signal", () => {
    test("an already aborted signal sends nothing", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, { success: true }));
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call, { signal: AbortSignal.abort() });
      await expect(sending).rejects.toBeInstanceOf(APIUserAbortError);
      await expect(sending).rejects.toMatchObject({ name: "APIUserAbortError", mayHaveBeenProcessed: false });
      expect(server.requests).toHaveLength(0);
    });

    test("aborting in flight is an APIUserAbortError that warns the request may have arrived", async ({ serve }) => {
      // Aborted once the server holds the request, not after a fixed delay, which a loaded machine can outlast before
      // the request is even sent.
      const controller = new AbortController();
      const server = await serve(async (_request, response) => {
        controller.abort();
        await sleep(2000);
        json(response, 200, { success: true });
      });
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call, { signal: controller.signal });
      await expect(sending).rejects.toBeInstanceOf(APIUserAbortError);
      await expect(sending).rejects.toMatchObject({ name: "APIUserAbortError", mayHaveBeenProcessed: true });
      expect(server.requests).toHaveLength(1);
    });

    test("aborting during a retry wait stops the retries", async ({ serve }) => {
      // The abort is timed from the 429's answer, not from the call's start, which a loaded machine can outlast before
      // the answer arrives.
      const controller = new AbortController();
      const server = await serve((_request, response) => {
        json(response, 429, {}, { "retry-after": "5" });
        setTimeout(() => controller.abort(), 100);
      });
      const started = performance.now();
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call, { signal: controller.signal });
      await expect(sending).rejects.toBeInstanceOf(APIUserAbortError);
      // Nexor refused the only request with a 429, so nothing was processed.
      await expect(sending).rejects.toMatchObject({ name: "APIUserAbortError", mayHaveBeenProcessed: false });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(server.requests).toHaveLength(1);
    });

    test("a signal shared by many sends keeps no listener once they settle, retries included", async ({ serve }) => {
      const server = await serve((_request, response, index) =>
        index % 2 === 0 ? json(response, 429, {}, { "retry-after": "0" }) : json(response, 200, { success: true }),
      );
      const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
      const shared = new AbortController().signal;
      for (let i = 0; i < 20; i++) await nexor.messages.send(call, { signal: shared });
      expect(server.requests).toHaveLength(40);
      expect(getEventListeners(shared, "abort")).toHaveLength(0);
    });
  });

  describe.concurrent("per-request limits", () => {
    test.for([{ timeoutMs: 0 }, { timeoutMs: 2 ** 31 }, { maxRetries: -1 }])(
      "%o is a ConfigurationError and nothing is sent",
      async (limits, { serve }) => {
        const server = await serve((_request, response) => json(response, 200, { success: true }));
        await expect(createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call, limits)).rejects.toBeInstanceOf(
          ConfigurationError,
        );
        expect(server.requests).toHaveLength(0);
      },
    );
  });
});
