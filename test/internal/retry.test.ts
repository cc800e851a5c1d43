// The retry rules as functions: where a failure happened, how long to back off, the wait a response asks for, and
// which statuses may be sent again.
import { once } from "node:events";
import { request } from "node:http";
import { createServer, type Socket } from "node:net";
import { describe, expect, test } from "vitest";
import { NexorError } from "../../src/index.js";
import { backoff, failurePhase, retryAfterMs, retryableStatus } from "../../src/internal/retry.js";
import { API_KEY, call } from "../support/examples.js";
import { nodeFailure, rejectionOf } from "../support/failures.js";
import { refusedUrl } from "../support/local-server.js";
import { transports } from "../support/transports.js";

describe("failurePhase: where a failure happened decides whether the request was sent", () => {
  test.for<[string, unknown, ReturnType<typeof failurePhase>]>([
    ["a refused connection", nodeFailure("ECONNREFUSED", "connect"), "connect"],
    ["a failed DNS lookup", nodeFailure("ENOTFOUND", "getaddrinfo"), "connect"],
    ["undici's connect timeout", nodeFailure("UND_ERR_CONNECT_TIMEOUT"), "connect"],
    [
      "a connect that timed out (the node transport's connect timeout, or a deadline before a connection)",
      nodeFailure("ETIMEDOUT", "connect"),
      "connect",
    ],
    ["a read that timed out, after the request went out", nodeFailure("ETIMEDOUT", "read"), "exchange"],
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
    ["undici's bad port", Object.assign(new TypeError("fetch failed"), { cause: new Error("bad port") }), "unsent"],
    ["an invalid URL", Object.assign(new TypeError("fetch failed"), { cause: new Error("invalid url") }), "unsent"],
    ["a header value fetch refuses", new TypeError('Headers.append: "a\nb" is an invalid header value.'), "unsent"],
    [
      "a header undici reserves, refused before writing",
      Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error("invalid transfer-encoding header"), { code: "UND_ERR_INVALID_ARG" }),
      }),
      "unsent",
    ],
    [
      "a malformed header in the response (undici's parser)",
      Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error("Response does not match the HTTP/1.1 protocol (Invalid header value char)"), {
          name: "HTTPParserError",
          code: "HPE_INVALID_HEADER_TOKEN",
        }),
      }),
      "exchange",
    ],
    ["something unknown", new Error("boom"), "exchange"],
  ])("%s", ([, error, phase]) => {
    expect(failurePhase(error)).toBe(phase);
  });

  test.for(transports)(
    "over $name, a send the server received and answered with a malformed header may have been processed, and is not retried",
    async ({ createNexorClient }) => {
      let requests = 0;
      const sockets = new Set<Socket>();
      const server = createServer((socket) => {
        sockets.add(socket);
        let received = "";
        socket.on("data", (chunk) => {
          received += chunk.toString("latin1");
          const end = received.indexOf("\r\n\r\n");
          if (end < 0) return;
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received)?.[1] ?? 0);
          if (received.length < end + 4 + length) return;
          requests++;
          received = "";
          socket.end(
            'HTTP/1.1 200 OK\r\nX-Bad: a\x01b\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"success":true}',
            "latin1",
          );
        });
      });
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      try {
        const { port } = server.address() as { port: number };
        const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}/api/public`, maxRetries: 2 });
        const error = await rejectionOf(nexor.messages.send(call));
        expect(error).toBeInstanceOf(NexorError);
        expect(error).toMatchObject({ mayHaveBeenProcessed: true });
        expect(requests).toBe(1);
      } finally {
        for (const socket of sockets) socket.destroy();
        server.close();
      }
    },
  );
});

describe("failurePhase of node:http's own errors, as the node transport meets them", () => {
  /** The error node:http gives for a request to `url` with `headers`, thrown or emitted. */
  const failure = (url: string, headers: Record<string, string> = {}) =>
    new Promise<unknown>((resolve) => {
      try {
        const outbound = request(url, { method: "POST", headers });
        outbound.on("error", resolve);
        outbound.end("{}");
      } catch (error) {
        resolve(error);
      }
    });

  test("a refused connection is in the connect phase", async () => {
    expect(failurePhase(await failure(await refusedUrl()))).toBe("connect");
  });

  test("a header value with a line break is refused before anything is written", async () => {
    expect(failurePhase(await failure(await refusedUrl(), { "x-note": "a\r\nb: c" }))).toBe("unsent");
  });

  test("a header name that is not a token is refused before anything is written", async () => {
    expect(failurePhase(await failure(await refusedUrl(), { "x note": "a" }))).toBe("unsent");
  });
});

describe("backoff", () => {
  test.for([0, 1, 2, 3, 4, 5])("retry %i waits 0.5 s doubling, capped at 8 s, less up to 25 % jitter", (retry) => {
    const ceiling = Math.min(500 * 2 ** retry, 8000);
    const waits = Array.from({ length: 200 }, () => backoff(retry));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(ceiling * 0.75);
    expect(Math.max(...waits)).toBeLessThanOrEqual(ceiling);
    // Jitter: the waits are spread, not one value.
    expect(new Set(waits).size).toBeGreaterThan(100);
  });
});

describe("retryAfterMs: the wait a response asks for", () => {
  test.for<[string, Record<string, string>, number | undefined]>([
    ["retry-after-ms, in milliseconds", { "retry-after-ms": "60" }, 60],
    ["retry-after-ms before Retry-After", { "retry-after-ms": "60", "retry-after": "5" }, 60],
    ["Retry-After in seconds", { "retry-after": "5" }, 5000],
    ["Retry-After in fractional seconds", { "retry-after": "0.5" }, 500],
    ["Retry-After 0", { "retry-after": "0" }, 0],
    ["Retry-After with spaces around", { "retry-after": " 2 " }, 2000],
    ["a negative retry-after-ms, ignored for Retry-After", { "retry-after-ms": "-1", "retry-after": "1" }, 1000],
    ["a Retry-After that is neither seconds nor a date", { "retry-after": "soon" }, undefined],
    ["no header", {}, undefined],
  ])("%s", ([, headers, wait]) => {
    expect(retryAfterMs(new Headers(headers))).toBe(wait);
  });

  // "-5" is not seconds, and V8's lenient Date.parse would read it as a date in 2001 (a wait of 0).
  test("a negative Retry-After is no wait asked for, so the backoff applies", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "-5" }))).toBeUndefined();
  });

  test("Retry-After as an HTTP date is the time until then, and a past date is no wait", () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const wait = retryAfterMs(new Headers({ "retry-after": inTenSeconds }));
    // HTTP dates have whole seconds: the wait is up to a second short of ten.
    expect(wait).toBeGreaterThan(8_000);
    expect(wait).toBeLessThanOrEqual(10_000);
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" }))).toBe(0);
  });
});

describe("retryableStatus", () => {
  test.for<[number, boolean, boolean]>([
    [429, false, true],
    [429, true, true],
    [408, false, false],
    [408, true, true],
    [500, false, false],
    [503, true, true],
    [400, true, false],
    [404, true, false],
    [409, true, false],
  ])("%i, idempotent %s: %s", ([status, idempotent, retryable]) => {
    expect(retryableStatus(status, idempotent)).toBe(retryable);
  });
});
