// What the client sends again and what it never does. A request may reach a person, so the server counts requests.
// Each test has its own server and several wait out a real backoff (0.375 to 0.5 s), so they all run concurrently.
import type { ServerResponse } from "node:http";
import { describe, expect } from "vitest";
import { APIConnectionError, ConfigurationError, InternalServerError, RateLimitError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { countingFetch, nodeFailure } from "../support/failures.js";
import { test } from "../support/fixtures.js";
import { json, refusedUrl } from "../support/local-server.js";
import { callOperation, operation, readLead } from "../support/operations.js";
import { transports } from "../support/transports.js";

const sent = { success: true, channel: "call", call_id: "c-1", call_status: "registered" };

describe.for(transports)("over $name", ({ createNexorClient, transport }) => {
  describe.concurrent("429", () => {
    test("429 then 200 is retried once and succeeds", async ({ serve }) => {
      const server = await serve((_request, response, index) =>
        index === 0 ? json(response, 429, { error: "Too many requests" }, { "retry-after": "0" }) : json(response, 200, sent),
      );
      const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
      await expect(nexor.messages.send(call)).resolves.toEqual(sent);
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
    });

    test("Retry-After is honoured, not replaced by the backoff", async ({ serve }) => {
      // Timed where the server sees the two attempts arrive, so that a slow client or a loaded machine before the first
      // or after the second does not count.
      const arrivals: number[] = [];
      const server = await serve((_request, response, index) => {
        arrivals.push(performance.now());
        return index === 0 ? json(response, 429, {}, { "retry-after-ms": "60" }) : json(response, 200, sent);
      });
      await createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call);
      const gap = arrivals[1]! - arrivals[0]!;
      // At least the 60 ms asked for, and less than the shortest backoff (375 ms), which would mean it was ignored.
      expect(gap).toBeGreaterThanOrEqual(55);
      expect(gap).toBeLessThan(350);
    });

    test("without Retry-After the client backs off", async ({ serve }) => {
      const server = await serve((_request, response, index) => (index === 0 ? json(response, 429, {}) : json(response, 200, sent)));
      const started = performance.now();
      await createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call);
      expect(performance.now() - started).toBeGreaterThanOrEqual(370);
    });

    test("after maxRetries it throws a RateLimitError with retryAfter", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 429, { error: "Too many requests" }, { "retry-after": "0" }));
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 2 }).messages.send(call);
      await expect(sending).rejects.toBeInstanceOf(RateLimitError);
      await expect(sending).rejects.toMatchObject({ name: "RateLimitError", status: 429, retryAfter: 0, mayHaveBeenProcessed: false });
      expect(server.requests).toHaveLength(3);
    });

    test("a Retry-After longer than the cap is not waited for", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 429, {}, { "retry-after": "120" }));
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call);
      await expect(sending).rejects.toMatchObject({ name: "RateLimitError", retryAfter: 120 });
      expect(server.requests).toHaveLength(1);
    });

    test("a Retry-After beyond the call's deadline is not waited for", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 429, {}, { "retry-after": "2" }));
      const started = performance.now();
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, timeoutMs: 1000 }).messages.send(call);
      await expect(sending).rejects.toBeInstanceOf(RateLimitError);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(server.requests).toHaveLength(1);
    });

    test("maxRetries: 0 per request turns retries off", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 429, {}, { "retry-after": "0" }));
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call, { maxRetries: 0 });
      await expect(sending).rejects.toBeInstanceOf(RateLimitError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe.concurrent("failures after a request that is not idempotent may have been processed are never retried", () => {
    test.for([500, 502, 503, 504])("%i is sent exactly once", async (status, { serve }) => {
      const server = await serve((_request, response) => json(response, status, { error: "Internal server error" }));
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 5 }).messages.send(call);
      await expect(sending).rejects.toBeInstanceOf(InternalServerError);
      await expect(sending).rejects.toMatchObject({ name: "InternalServerError", status, mayHaveBeenProcessed: true });
      expect(server.requests).toHaveLength(1);
    });

    test("a connection reset after the body arrived is sent exactly once", async ({ serve }) => {
      const server = await serve((_request, response) => {
        response.socket?.destroy();
      });
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 5 }).messages.send(call);
      await expect(sending).rejects.toBeInstanceOf(APIConnectionError);
      await expect(sending).rejects.toMatchObject({ name: "APIConnectionError", mayHaveBeenProcessed: true });
      await expect(sending).rejects.toThrow(/not retried/);
      expect(server.requests).toHaveLength(1);
    });

    test("an unreachable host after sending is not retried and may have been sent", async () => {
      const failing = countingFetch(async () => {
        throw nodeFailure("EHOSTUNREACH", "read");
      });
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: "https://api.getnexor.ai/api/public", fetch: failing }).messages.send(
        call,
      );
      await expect(sending).rejects.toBeInstanceOf(APIConnectionError);
      await expect(sending).rejects.toMatchObject({ name: "APIConnectionError", mayHaveBeenProcessed: true });
      expect(failing.calls).toBe(1);
    });
  });

  describe.concurrent("failures before the request left", () => {
    test("a refused connection is tried maxRetries + 1 times, then says nothing was sent", async () => {
      const counting = countingFetch((input, init) => fetch(input, init));
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: await refusedUrl(), maxRetries: 1, fetch: counting }).messages.send(
        call,
      );
      await expect(sending).rejects.toBeInstanceOf(APIConnectionError);
      await expect(sending).rejects.toMatchObject({ name: "APIConnectionError", mayHaveBeenProcessed: false });
      await expect(sending).rejects.toThrow(/Nothing was sent/);
      expect(counting.calls).toBe(2);
    });

    test("a refused connection that comes up again succeeds on the retry", async ({ serve }) => {
      const refused = await refusedUrl();
      // The server that comes up listens from the start on a port of its own, and the fetch sends every attempt after
      // the refused one there: listening again on the refused port later would race any process that took it since.
      const server = await serve((_request, response) => json(response, 200, sent));
      let attempts = 0;
      const comesUp: typeof fetch = (input, init) => fetch(attempts++ === 0 ? input : String(input).replace(refused, server.url), init);
      await expect(createNexorClient({ apiKey: API_KEY, baseUrl: refused, fetch: comesUp }).messages.send(call)).resolves.toEqual(sent);
      expect(attempts).toBe(2);
      expect(server.requests).toHaveLength(1);
    });

    test("a refused certificate is a ConfigurationError: nothing was sent, and retrying cannot help", async () => {
      const failing = countingFetch(async () => {
        throw nodeFailure("DEPTH_ZERO_SELF_SIGNED_CERT");
      });
      const sending = createNexorClient({ apiKey: API_KEY, baseUrl: "https://api.getnexor.ai/api/public", fetch: failing }).messages.send(
        call,
      );
      await expect(sending).rejects.toBeInstanceOf(ConfigurationError);
      await expect(sending).rejects.toMatchObject({ name: "ConfigurationError", mayHaveBeenProcessed: false });
      await expect(sending).rejects.toThrow(/certificate/);
      expect(failing.calls).toBe(1);
    });

    test("a port fetch refuses to open (127.0.0.1:1) is a ConfigurationError after one attempt: nothing was sent", async () => {
      const counting = countingFetch((input, init) => fetch(input, init));
      const sending = callOperation(
        readLead,
        { transport, baseUrl: "http://127.0.0.1:1", maxRetries: 5, fetch: counting },
        { ids: ["l-1"] },
      );
      await expect(sending).rejects.toBeInstanceOf(ConfigurationError);
      await expect(sending).rejects.toMatchObject({ name: "ConfigurationError", mayHaveBeenProcessed: false });
      await expect(sending).rejects.toThrow(/Nothing was sent.*bad port/);
      expect(counting.calls).toBe(1);
    });
  });

  const putLead = operation({ method: "PUT", path: "/leads/{id}", pathParams: ["id"], body: "required", idempotent: true });
  const createLead = operation({ method: "POST", path: "/leads", body: "required" });

  describe.concurrent("an idempotent operation is also retried after failures that may hide a processed attempt", () => {
    test.for([
      ["a 503", (response: ServerResponse) => json(response, 503, {}, { "retry-after": "0" })],
      ["a connection reset", (response: ServerResponse) => response.socket?.destroy()],
    ] as const)("a GET retries %s", async ([, firstAnswer], { serve }) => {
      const server = await serve((_request, response, index) => (index === 0 ? firstAnswer(response) : json(response, 200, {})));
      const { response } = await callOperation(
        readLead,
        { transport, baseUrl: server.url, timeoutMs: 5000 },
        { ids: ["1"] },
      ).withResponse();
      expect(response.status).toBe(200);
      expect(server.requests).toHaveLength(2);
    });

    test.for([
      ["a 503", (response: ServerResponse) => json(response, 503, {}, { "retry-after": "0" })],
      ["a connection reset", (response: ServerResponse) => response.socket?.destroy()],
    ] as const)("an idempotent PUT retries %s with the same body", async ([, fail], { serve }) => {
      const server = await serve((_request, response, index) => (index === 0 ? fail(response) : json(response, 200, {})));
      await expect(callOperation(putLead, { transport, baseUrl: server.url }, { ids: ["l-1"], input: { name: "Ana" } })).resolves.toEqual(
        {},
      );
      expect(server.requests.map((request) => request.body)).toEqual(['{"name":"Ana"}', '{"name":"Ana"}']);
    });

    test("a POST that is not idempotent retries neither", async ({ serve }) => {
      const unavailable = await serve((_request, response) => json(response, 503, { error: "Unavailable" }, { "retry-after": "0" }));
      const resetting = await serve((_request, response) => {
        response.socket?.destroy();
      });
      const first = callOperation(createLead, { transport, baseUrl: unavailable.url }, { ids: [], input: { name: "Ana" } });
      const second = callOperation(createLead, { transport, baseUrl: resetting.url }, { ids: [], input: { name: "Ana" } });
      await expect(first).rejects.toMatchObject({ name: "InternalServerError", status: 503, mayHaveBeenProcessed: true });
      await expect(first).rejects.toThrow(/It was not retried/);
      await expect(second).rejects.toMatchObject({ name: "APIConnectionError", mayHaveBeenProcessed: true });
      await expect(second).rejects.toThrow(/It was not retried/);
      expect([unavailable.requests.length, resetting.requests.length]).toEqual([1, 1]);
    });
  });

  describe.concurrent("idempotentWhen: a POST is idempotent only when its body carries every field named", () => {
    const upsertLead = operation({ method: "POST", path: "/leads", body: "required", idempotentWhen: ["external_id", "source"] });

    test.for([
      ["carries them all", { external_id: "e-1", source: "crm", name: "Ana" }, 2],
      ["misses one", { external_id: "e-1", name: "Ana" }, 1],
      ["sets one to null", { external_id: "e-1", source: null, name: "Ana" }, 1],
      ["carries none", { name: "Ana" }, 1],
    ] as const)("a 503 is retried when the body %s", async ([, body, requests], { serve }) => {
      const server = await serve((_request, response, index) =>
        index === 0 ? json(response, 503, { error: "Unavailable" }, { "retry-after": "0" }) : json(response, 200, {}),
      );
      const calling = callOperation(upsertLead, { transport, baseUrl: server.url }, { ids: [], input: body });
      if (requests === 2) await expect(calling).resolves.toEqual({});
      else await expect(calling).rejects.toMatchObject({ name: "InternalServerError", status: 503, mayHaveBeenProcessed: true });
      expect(server.requests).toHaveLength(requests);
    });

    // A POST retried because its body carries the idempotentWhen fields must not say "It was not retried".
    test("a 503 that outlasts the retries says they were made", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 503, { error: "Unavailable" }, { "retry-after": "0" }));
      const calling = callOperation(
        upsertLead,
        { transport, baseUrl: server.url, maxRetries: 2 },
        { ids: [], input: { external_id: "e-1", source: "crm" } },
      );
      await expect(calling).rejects.toMatchObject({ name: "InternalServerError", status: 503 });
      expect(server.requests).toHaveLength(3);
      await expect(calling).rejects.not.toThrow(/not retried/);
    });
  });

  describe.concurrent("an answer after a retry speaks of the attempt before it", () => {
    test("a 404 after a 503 on an idempotent operation says an earlier attempt may have been processed", async ({ serve }) => {
      const server = await serve((_request, response, index) =>
        index === 0 ? json(response, 503, { error: "Unavailable" }, { "retry-after": "0" }) : json(response, 404, { error: "Not found" }),
      );
      const calling = callOperation(readLead, { transport, baseUrl: server.url }, { ids: ["l-1"] });
      await expect(calling).rejects.toMatchObject({ name: "NotFoundError", status: 404, mayHaveBeenProcessed: true });
      await expect(calling).rejects.toThrow("An earlier attempt may have been processed.");
      expect(server.requests).toHaveLength(2);
    });

    // The refusal speaks of this attempt only: the 500 before it may have been acted on.
    test.for([
      [400, "BadRequestError", { error: "Validation error", message: "name is too long" }, /nothing was done/i],
      [409, "ConflictError", { error: "Conflict", message: "Tag slug already exists" }, /nothing was changed/i],
    ] as const)("a %i after a 500 on an idempotent PUT does not claim nothing was done", async ([status, name, body, claim], { serve }) => {
      const server = await serve((_request, response, index) =>
        index === 0 ? json(response, 500, { error: "Internal error" }, { "retry-after": "0" }) : json(response, status, body),
      );
      const calling = callOperation(putLead, { transport, baseUrl: server.url }, { ids: ["l-1"], input: { name: "Ana" } });
      await expect(calling).rejects.toMatchObject({ name, status, mayHaveBeenProcessed: true });
      await expect(calling).rejects.not.toThrow(claim);
      await expect(calling).rejects.toThrow("An earlier attempt may have been processed.");
      expect(server.requests).toHaveLength(2);
    });

    test("a 400 after a 500 says this attempt was refused", async ({ serve }) => {
      const server = await serve((_request, response, index) =>
        index === 0
          ? json(response, 500, { error: "Internal error" }, { "retry-after": "0" })
          : json(response, 400, { error: "Validation error", message: "name is too long" }),
      );
      const calling = callOperation(putLead, { transport, baseUrl: server.url }, { ids: ["l-1"], input: { name: "Ana" } });
      await expect(calling).rejects.toThrow("This attempt was refused: fix what it names and send it again.");
    });

    test("a 408 on an operation that is not idempotent is not retried and may have been processed", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 408, { error: "Request timeout" }));
      const calling = callOperation(operation(), { transport, baseUrl: server.url, maxRetries: 3 }, { ids: [], input: {} });
      await expect(calling).rejects.toMatchObject({ name: "APIError", status: 408, mayHaveBeenProcessed: true });
      await expect(calling).rejects.toThrow("It was not retried.");
      expect(server.requests).toHaveLength(1);
    });
  });

  describe.concurrent("a call both made idempotent and kept from contacting anyone by its body", () => {
    const logMeeting = operation({
      method: "POST",
      path: "/meetings",
      body: "required",
      contacts: ["lead"],
      contactsWhen: ["workflow_id"],
      idempotentWhen: ["external_id"],
    });

    test("is retried, says so, and does not say the lead may have been contacted", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 503, { error: "Unavailable" }, { "retry-after": "0" }));
      const calling = callOperation(
        logMeeting,
        { transport, baseUrl: server.url, maxRetries: 1 },
        { ids: [], input: { external_id: "e-1" } },
      );
      await expect(calling).rejects.toMatchObject({ name: "InternalServerError", mayHaveBeenProcessed: true });
      await expect(calling).rejects.toThrow("It was retried while maxRetries and the deadline allowed.");
      await expect(calling).rejects.not.toThrow("lead");
      expect(server.requests).toHaveLength(2);
    });
  });
});
