// What the client sends again and what it never does. A send reaches a person, so the server counts requests.
import { afterEach, describe, expect, test } from "vitest";
import { createCore } from "../../src/client.js";
import type { Operation } from "../../src/core/operation.js";
import { request } from "../../src/core/request.js";
import { wordsFor } from "../../src/core/words.js";
import { APIConnectionError, ConfigurationError, createNexorClient, InternalServerError, RateLimitError } from "../../src/index.js";
import { backoff, failurePhase } from "../../src/internal/retry.js";
import { API_KEY, call } from "../support/examples.js";
import { json, type LocalServer, refusedUrl, startServer } from "../support/local-server.js";

let server: LocalServer;
afterEach(() => server?.close());

const sent = { success: true, channel: "call", call_id: "c-1", call_status: "registered" };

describe("429", () => {
  test("429 then 200 is retried once and succeeds", async () => {
    server = await startServer((_request, response, index) =>
      index === 0 ? json(response, 429, { error: "Too many requests" }, { "retry-after": "0" }) : json(response, 200, sent),
    );
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    await expect(nexor.messages.send(call)).resolves.toEqual(sent);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
  });

  test("Retry-After is honoured, not replaced by the backoff", async () => {
    server = await startServer((_request, response, index) =>
      index === 0 ? json(response, 429, {}, { "retry-after-ms": "60" }) : json(response, 200, sent),
    );
    const started = performance.now();
    await createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call);
    const elapsed = performance.now() - started;
    // At least the 60 ms asked for, and less than the shortest backoff (375 ms), which would mean it was ignored.
    expect(elapsed).toBeGreaterThanOrEqual(55);
    expect(elapsed).toBeLessThan(350);
  });

  test("without Retry-After the client backs off", async () => {
    server = await startServer((_request, response, index) => (index === 0 ? json(response, 429, {}) : json(response, 200, sent)));
    const started = performance.now();
    await createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call);
    expect(performance.now() - started).toBeGreaterThanOrEqual(370);
  });

  test("after maxRetries it throws a RateLimitError with retryAfter", async () => {
    server = await startServer((_request, response) => json(response, 429, { error: "Too many requests" }, { "retry-after": "0" }));
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 2 })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(0);
    expect((error as RateLimitError).mayHaveBeenProcessed).toBe(false);
    expect(server.requests).toHaveLength(3);
  });

  test("a Retry-After longer than the cap is not waited for", async () => {
    server = await startServer((_request, response) => json(response, 429, {}, { "retry-after": "120" }));
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect((error as RateLimitError).retryAfter).toBe(120);
    expect(server.requests).toHaveLength(1);
  });

  test("a Retry-After beyond the call's deadline is not waited for", async () => {
    server = await startServer((_request, response) => json(response, 429, {}, { "retry-after": "2" }));
    const started = performance.now();
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url, timeoutMs: 1000 })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  test("maxRetries: 0 per request turns retries off", async () => {
    server = await startServer((_request, response) => json(response, 429, {}, { "retry-after": "0" }));
    await createNexorClient({ apiKey: API_KEY, baseUrl: server.url })
      .messages.send(call, { maxRetries: 0 })
      .catch(() => undefined);
    expect(server.requests).toHaveLength(1);
  });
});

describe("failures after the request may have been processed are never retried", () => {
  test.each([500, 502, 503, 504])("%i is sent exactly once", async (status) => {
    server = await startServer((_request, response) => json(response, status, { error: "Internal server error" }));
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 5 })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });

  test("a connection reset after the body arrived is sent exactly once", async () => {
    server = await startServer((_request, response) => {
      response.socket?.destroy();
    });
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 5 })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).mayHaveBeenProcessed).toBe(true);
    expect((error as APIConnectionError).message).toContain("not retried");
    expect(server.requests).toHaveLength(1);
  });
});

describe("failures before the request left are retried", () => {
  test("a refused connection is tried maxRetries + 1 times, then says nothing was sent", async () => {
    const url = await refusedUrl();
    let attempts = 0;
    const countingFetch: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: url, maxRetries: 1, fetch: countingFetch })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).name).toContain("Connection");
    expect((error as APIConnectionError).mayHaveBeenProcessed).toBe(false);
    expect((error as APIConnectionError).message).toContain("Nothing was sent");
    expect(attempts).toBe(2);
  });

  test("a refused connection that comes up again succeeds on the retry", async () => {
    const url = await refusedUrl();
    const port = Number(new URL(url).port);
    let late: LocalServer | undefined;
    const fetchThenStart: typeof fetch = async (input, init) => {
      try {
        return await fetch(input, init);
      } finally {
        if (!late) {
          const { createServer } = await import("node:http");
          const backup = createServer((_request, response) => json(response, 200, sent));
          await new Promise<void>((resolve) => backup.listen(port, "127.0.0.1", resolve));
          late = { url, requests: [], close: () => new Promise<void>((resolve) => backup.close(() => resolve())) };
        }
      }
    };
    try {
      await expect(createNexorClient({ apiKey: API_KEY, baseUrl: url, fetch: fetchThenStart }).messages.send(call)).resolves.toEqual(sent);
    } finally {
      await late?.close();
    }
  });
});

/** A read, as the spec's GET operations are: idempotent. */
const readLead: Operation = { id: "getLead", method: "GET", path: "/leads/{id}", pathParams: ["id"], success: 200, idempotent: true };
const getLead = (baseUrl: string) =>
  request(createCore({ apiKey: API_KEY, baseUrl, timeoutMs: 5000 }), readLead, wordsFor(readLead), { ids: ["1"] });

describe("idempotent operations", () => {
  test("a GET also retries a 503, which a POST never does", async () => {
    server = await startServer((_request, response, index) =>
      index === 0 ? json(response, 503, {}, { "retry-after": "0" }) : json(response, 200, {}),
    );
    const { response } = await getLead(server.url).withResponse();
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  test("a GET also retries a connection reset, which a POST never does", async () => {
    server = await startServer((_request, response, index) => (index === 0 ? response.socket?.destroy() : json(response, 200, {})));
    const { response } = await getLead(server.url).withResponse();
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });
});

describe("the backoff", () => {
  test.each([0, 1, 2, 3, 4, 5])("retry %i waits 0.5 s doubling, capped at 8 s, less up to 25 % jitter", (retry) => {
    const ceiling = Math.min(500 * 2 ** retry, 8000);
    const waits = Array.from({ length: 200 }, () => backoff(retry));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(ceiling * 0.75);
    expect(Math.max(...waits)).toBeLessThanOrEqual(ceiling);
    // Jitter: the waits are spread, not one value.
    expect(new Set(waits).size).toBeGreaterThan(100);
  });
});

/** A fetch failure shaped as Node's fetch reports it: TypeError "fetch failed" with the socket error as its cause. */
const nodeFailure = (code: string, syscall?: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`${syscall ?? ""} ${code}`), { code, syscall }) });

describe("where a failure happened decides whether it was sent", () => {
  test.each<[string, unknown, ReturnType<typeof failurePhase>]>([
    ["a refused connection", nodeFailure("ECONNREFUSED", "connect"), "connect"],
    ["a failed DNS lookup", nodeFailure("ENOTFOUND", "getaddrinfo"), "connect"],
    ["undici's connect timeout", nodeFailure("UND_ERR_CONNECT_TIMEOUT"), "connect"],
    [
      "every address refused (happy eyeballs)",
      Object.assign(new TypeError("fetch failed"), { cause: new AggregateError([nodeFailure("ECONNREFUSED", "connect").cause]) }),
      "connect",
    ],
    ["Bun's refused connection", Object.assign(new Error("Unable to connect"), { code: "ConnectionRefused" }), "connect"],
    [
      "Deno's refused connection",
      new TypeError("error sending request: client error (Connect): tcp connect error: Connection refused"),
      "connect",
    ],
    ["a host unreachable while reading, after the request went out", nodeFailure("EHOSTUNREACH", "read"), "exchange"],
    ["a reset connection", nodeFailure("ECONNRESET", "read"), "exchange"],
    ["undici's closed socket", nodeFailure("UND_ERR_SOCKET"), "exchange"],
    ["a self-signed certificate", nodeFailure("DEPTH_ZERO_SELF_SIGNED_CERT"), "certificate"],
    ["a certificate for another host", nodeFailure("ERR_TLS_CERT_ALTNAME_INVALID"), "certificate"],
    ["something unknown", new Error("boom"), "exchange"],
  ])("%s", (_case, error, phase) => {
    expect(failurePhase(error)).toBe(phase);
  });

  test("an unreachable host after sending is not retried and may have been sent", async () => {
    let attempts = 0;
    const failing: typeof fetch = async () => {
      attempts++;
      throw nodeFailure("EHOSTUNREACH", "read");
    };
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: "https://api.getnexor.ai/api/public", fetch: failing })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).mayHaveBeenProcessed).toBe(true);
    expect(attempts).toBe(1);
  });

  test("a refused certificate is a ConfigurationError: nothing was sent, and retrying cannot help", async () => {
    let attempts = 0;
    const failing: typeof fetch = async () => {
      attempts++;
      throw nodeFailure("DEPTH_ZERO_SELF_SIGNED_CERT");
    };
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: "https://api.getnexor.ai/api/public", fetch: failing })
      .messages.send(call)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).mayHaveBeenProcessed).toBe(false);
    expect((error as Error).message).toContain("certificate");
    expect(attempts).toBe(1);
  });
});
