// The node:http exchange answers as the fetch exchange does: each test runs over both transports against the same
// loopback server and expects the same outcome, so a difference between them is a failure of one. The node-only
// tests prove the node entry really sends through node:http, and reuses its connections.
import { execFile } from "node:child_process";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { describe, expect } from "vitest";
import { bundleSize, CLIENT_ENTRY } from "../../bench/bundle-size.js";
import { nodeExchange } from "../../src/core/node-exchange.js";
import { APIConnectionError, APIError, NexorError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { rejectionOf } from "../support/failures.js";
import { test } from "../support/fixtures.js";
import { json, refusedUrl } from "../support/local-server.js";
import { transports } from "../support/transports.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

const tags = '{"tags":[{"id":"t-1","name":"Zoë 🚀"}]}';
const encodings: Array<[string, string, (text: string) => Uint8Array]> = [
  ["gzip", "gzip", (text) => gzipSync(text)],
  ["x-gzip", "x-gzip", (text) => gzipSync(text)],
  ["zlib deflate", "deflate", (text) => deflateSync(text)],
  ["raw deflate, sent as deflate by some servers", "deflate", (text) => deflateRawSync(text)],
  ["br", "br", (text) => brotliCompressSync(text)],
  ["gzip then br", "gzip, br", (text) => brotliCompressSync(gzipSync(text))],
  ["identity", "identity", (text) => new TextEncoder().encode(text)],
];

describe.for(transports)("over $name", ({ createNexorClient }) => {
  test.for(encodings)("a %s body is decoded", async ([, coding, encode], { serve }) => {
    const server = await serve((_request, response) =>
      response.writeHead(200, { "content-type": "application/json", "content-encoding": coding }).end(encode(tags)),
    );
    await expect(createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).tags.list()).resolves.toEqual(JSON.parse(tags));
  });

  test("a body in an unknown coding is passed on undecoded, as fetch does: not JSON, so an UnexpectedResponseError", async ({ serve }) => {
    const server = await serve((_request, response) =>
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "zstd" }).end(gzipSync(tags)),
    );
    const error = await rejectionOf(createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 }).tags.list());
    expect(error).toMatchObject({ name: "UnexpectedResponseError", status: 200 });
  });

  test("a UTF-8 byte order mark is dropped and a character split across chunks stays whole", async ({ serve }) => {
    const bytes = new TextEncoder().encode(`\uFEFF${tags}`);
    const split = bytes.indexOf(0xf0) + 2;
    const server = await serve(async (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(bytes.subarray(0, split));
      await new Promise((resolve) => setTimeout(resolve, 20));
      response.end(bytes.subarray(split));
    });
    await expect(createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).tags.list()).resolves.toEqual(JSON.parse(tags));
  });

  test("a status past 599 is an APIError with that status, as fetch reports it", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 600, { error: "odd" }));
    const error = await rejectionOf(createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 }).messages.send(call));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 600, mayHaveBeenProcessed: true });
    expect(server.requests).toHaveLength(1);
  });

  test("a connection reset halfway through the body may have been processed, and a send is made once", async ({ serve }) => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      response.write('{"success":');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await rejectionOf(createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 3 }).messages.send(call));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true });
    expect(server.requests).toHaveLength(1);
  });

  test("a refused connection says nothing was sent", async () => {
    const error = await rejectionOf(createNexorClient({ apiKey: API_KEY, baseUrl: await refusedUrl(), maxRetries: 0 }).messages.send(call));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: false });
    expect((error as Error).message).toMatch(/Nothing was sent/);
  });

  test("the request arrives with the key, the JSON body and its exact length", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true }));
    await createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send({ ...call, begin_message: "Olá 👋" });
    const [received] = server.requests;
    expect(received?.headers["x-api-key"]).toBe(API_KEY);
    expect(received?.headers["content-type"]).toBe("application/json");
    expect(Number(received?.headers["content-length"])).toBe(new TextEncoder().encode(received?.body).byteLength);
    expect(JSON.parse(received?.body ?? "")).toEqual({ ...call, begin_message: "Olá 👋" });
  });

  test("a response's headers and status text reach withResponse()", async ({ serve }) => {
    const server = await serve((_request, response) => {
      response.statusMessage = "Fine";
      json(response, 200, { tags: [] }, { "x-request-id": "req-9" });
    });
    const { response, requestId } = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).tags.list().withResponse();
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.statusText, response.headers.get("x-request-id"), requestId]).toEqual([
      200,
      "Fine",
      "req-9",
      "req-9",
    ]);
  });
  test("the response's body was read: bodyUsed, and its body methods refuse as fetch's do", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { tags: [] }));
    const { response } = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).tags.list().withResponse();
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(/Body is unusable/);
    await expect(response.json()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
  });
});

describe.for(transports)("over $name, what a server may do to the connection", ({ createNexorClient }) => {
  test("more codings than fetch decodes (5) are refused, an APIConnectionError that names content-encoding", async ({ serve }) => {
    let body: Uint8Array = new TextEncoder().encode(tags);
    for (let layer = 0; layer < 6; layer++) body = gzipSync(body);
    const server = await serve((_request, response) =>
      response.writeHead(200, { "content-type": "application/json", "content-encoding": Array(6).fill("gzip").join(", ") }).end(body),
    );
    const error = await rejectionOf(
      createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, timeoutMs: 5000 }).tags.list(),
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/content-encoding/);
  });

  test("a 101 answer (another protocol) fails at once as a connection failure after sending, not at the deadline", async ({ serve }) => {
    const server = await serve((_request, response) => {
      response.socket?.end("HTTP/1.1 101 Switching Protocols\r\nUpgrade: other\r\nConnection: Upgrade\r\n\r\n");
    });
    const started = performance.now();
    const error = await rejectionOf(
      createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0, timeoutMs: 5000 }).messages.send(call),
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true });
    expect(performance.now() - started).toBeLessThan(4000);
    expect(server.requests).toHaveLength(1);
  });

  test("bytes after a complete answer change nothing: the send resolves, made once", async ({ serve }) => {
    const server = await serve((_request, response) => {
      const body = '{"success":true}';
      response.socket?.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}garbage`);
    });
    await expect(createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 }).messages.send(call)).resolves.toEqual({
      success: true,
    });
    expect(server.requests).toHaveLength(1);
  });

  test("sends a user agent, as fetch does (some firewalls refuse a request without one), and names the URL it answered", async ({
    serve,
  }) => {
    const server = await serve((_request, response) => json(response, 200, { tags: [] }));
    const { response } = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).tags.list().withResponse();
    expect(server.requests[0]?.headers["user-agent"]).toMatch(/\S/);
    expect(response.url).toBe(`${server.url}/tags`);
  });
});

describe.for(transports)("over $name, a global fetch replaced by a stub", ({ createNexorClient }) => {
  test("that never answers and ignores its signal cannot hold a call past its deadline", async ({ onTestFinished }) => {
    const original = globalThis.fetch;
    onTestFinished(() => {
      globalThis.fetch = original;
    });
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9", maxRetries: 0, timeoutMs: 300 });
    let calls = 0;
    globalThis.fetch = () => {
      calls++;
      return new Promise<Response>(() => {});
    };
    const started = performance.now();
    const error = await rejectionOf(nexor.tags.list());
    expect(error).toMatchObject({ name: "APIConnectionTimeoutError" });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(calls).toBe(1);
  });
});

describe("the node entry", () => {
  const [overFetch, overNode] = transports;

  test("sends through node:http, not fetch: no fetch metadata headers arrive", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { tags: [] }));
    await overFetch!.createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).tags.list();
    await overNode!.createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).tags.list();
    // undici's fetch adds sec-fetch-mode to every request; node:http adds nothing of its own but host and connection.
    expect(server.requests.map((request) => request.headers["sec-fetch-mode"])).toEqual(["cors", undefined]);
  });

  test("keeps its connection alive: sequential calls share one socket", async ({ serve }) => {
    const ports = new Set<number | undefined>();
    const server = await serve((_request, response) => {
      ports.add(response.socket?.remotePort);
      json(response, 200, { tags: [] });
    });
    const nexor = overNode!.createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    for (let i = 0; i < 5; i++) await nexor.tags.list();
    expect(server.requests).toHaveLength(5);
    expect(ports.size).toBe(1);
  });

  test("a custom fetch is still used", async () => {
    let calls = 0;
    const nexor = overNode!.createNexorClient({
      apiKey: API_KEY,
      fetch: async () => {
        calls++;
        return Response.json({ tags: [] });
      },
    });
    await expect(nexor.tags.list()).resolves.toEqual({ tags: [] });
    expect(calls).toBe(1);
  });

  test("a global fetch replaced after the client was created (a test's stub) is used", async ({ onTestFinished }) => {
    const original = globalThis.fetch;
    onTestFinished(() => {
      globalThis.fetch = original;
    });
    const nexor = overNode!.createNexorClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" });
    let calls = 0;
    globalThis.fetch = async () => {
      calls++;
      return Response.json({ tags: [] });
    };
    await expect(nexor.tags.list()).resolves.toEqual({ tags: [] });
    expect(calls).toBe(1);
  });

  test.for([
    ["MockAgent", true],
    ["ProxyAgent", true],
    // An Agent of the caller's (a CA of its own, mTLS): its settings would be lost on node:http.
    ["Agent", true],
  ] as const)(
    "an undici global dispatcher named %s, installed after the client loaded, sends through fetch: %s",
    async ([name, throughFetch], { onTestFinished }) => {
      const slot = Symbol.for("undici.globalDispatcher.1");
      const holder = globalThis as unknown as Record<symbol, unknown>;
      const original = holder[slot];
      onTestFinished(() => {
        holder[slot] = original;
      });
      // A dispatcher of that class name that cannot dispatch: through fetch the call fails inside fetch, while node:http
      // meets the refused connection of port 9. Either way nothing listens, so what failed tells the two apart.
      holder[slot] = new ({ [name]: class {} } as Record<string, new () => object>)[name]!();
      const error = await rejectionOf(
        overNode!.createNexorClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9", maxRetries: 0 }).tags.list(),
      );
      expect(error).toBeInstanceOf(NexorError);
      expect((error as Error).message.includes("ECONNREFUSED")).toBe(!throughFetch);
    },
  );

  test("a connection the deadline ends before it was made (a TLS handshake never answered) says nothing was sent", async () => {
    const silent = createNetServer((socket) => socket.on("data", () => {}));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const baseUrl = `https://127.0.0.1:${port}`;
      const options = { apiKey: API_KEY, baseUrl, maxRetries: 0, timeoutMs: 300 };
      const node = await rejectionOf(overNode!.createNexorClient(options).messages.send(call));
      expect(node).toMatchObject({ name: "APIConnectionTimeoutError", mayHaveBeenProcessed: false });
      expect((node as Error).message).toMatch(/Nothing was sent to .*: no connection within 300 ms/);
      // fetch cannot tell where its request was when the deadline ended it: it says the send may have been processed.
      const fetched = await rejectionOf(overFetch!.createNexorClient(options).messages.send(call));
      expect(fetched).toMatchObject({ name: "APIConnectionTimeoutError", mayHaveBeenProcessed: true });
    } finally {
      silent.close();
    }
  });

  test("the caller's abort before the connection existed says nothing was sent; after it, that it may have been", async () => {
    const silent = createNetServer((socket) => socket.on("data", () => {}));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const options = { apiKey: API_KEY, baseUrl: `https://127.0.0.1:${port}`, maxRetries: 0, timeoutMs: 5000 };
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const node = await rejectionOf(overNode!.createNexorClient(options).messages.send(call, { signal: controller.signal }));
      expect(node).toMatchObject({ name: "APIUserAbortError", mayHaveBeenProcessed: false });
      expect((node as Error).message).toBe("Aborted by the caller before sending.");
    } finally {
      silent.close();
    }
  });

  test("a header node:http refuses rejects the exchange before anything is sent, with no hang-up left uncaught", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { tags: [] }));
    const uncaught: unknown[] = [];
    const hear = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", hear);
    try {
      const exchange = nodeExchange();
      const request = {
        url: `${server.url}/tags`,
        method: "GET",
        headers: { "x-odd": "a\u0001b" },
        body: undefined,
        signal: new AbortController().signal,
      };
      await expect(exchange(request)).rejects.toMatchObject({ code: "ERR_INVALID_CHAR" });
      // Node reports the destroyed request's hang-up on a later tick.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("uncaughtException", hear);
    }
    expect(uncaught).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  // Both run in a process of their own, as a program does: the client's module loads after the setup (a test's
  // setup file, NODE_DEBUG in the environment), which no in-process test can arrange.
  const program = (source: string, env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", source],
        { cwd: root, env: { PATH: process.env.PATH ?? "", ...env } },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  test("a global fetch replaced before the client's module loaded (a setup file's stub) is used: nothing reaches the server", async ({
    serve,
  }) => {
    const server = await serve((_request, response) => json(response, 200, { tags: [{ id: "from-the-server" }] }));
    const { code, stdout, stderr } = await program(`
      let calls = 0;
      globalThis.fetch = async () => { calls++; return Response.json({ tags: [] }); };
      const { createNexorClient } = await import("./src/node.ts");
      const tags = await createNexorClient({ apiKey: "${API_KEY}", baseUrl: "${server.url}" }).tags.list();
      console.log(JSON.stringify({ calls, tags }));
    `);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ calls: 1, tags: { tags: [] } });
    expect(server.requests).toHaveLength(0);
    // A process starts in about a second, more on a loaded CI machine.
  }, 30_000);

  test("NODE_DEBUG=http,net prints no key: the headers are never in the request's options", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { tags: [] }));
    const { code, stdout, stderr } = await program(
      `
      const { createNexorClient } = await import("./src/node.ts");
      const nexor = createNexorClient({ apiKey: "${API_KEY}", baseUrl: "${server.url}" });
      await nexor.tags.list();
      await nexor.tags.list();
      console.log("done");
    `,
      { NODE_DEBUG: "http,net" },
    );
    expect(code, stderr).toBe(0);
    expect(stdout.trim()).toBe("done");
    // The debug output is there (the test would prove nothing without it), and the key is not in it.
    expect(stderr).toMatch(/^HTTP \d+: /m);
    expect(`${stdout}${stderr}`).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(2);
  }, 30_000);

  test("is not in the neutral bundle: browsers and edge runtimes carry none of the node transport", async () => {
    const { inputs } = await bundleSize(CLIENT_ENTRY);
    expect(Object.keys(inputs).some((file) => file.endsWith("src/core/exchange.ts"))).toBe(true);
    expect(Object.keys(inputs).filter((file) => /src\/(node|core\/node-)/.test(file))).toEqual([]);
  });
});
