// The exchange over fetch: it hands fetch the request as prepared, leaves redirects to the client's policy, and reads
// the body once, as text. A recording fetch stands in for the network.
import { describe, expect, test } from "vitest";
import { fetchExchange, readBody } from "../../src/core/exchange.js";

describe("fetchExchange", () => {
  test("passes method, headers, body and signal to fetch, with redirects left unfollowed", async () => {
    const calls: Array<[RequestInfo | URL, RequestInit | undefined]> = [];
    const recording: typeof fetch = async (input, init) => {
      calls.push([input, init]);
      return new Response("{}", { status: 200 });
    };
    const { signal } = new AbortController();
    const request = { url: "https://api.example.test/leads", method: "POST", headers: { "x-a": "1" }, body: '{"a":1}', signal };
    await fetchExchange(recording)(request);
    expect(calls).toEqual([
      ["https://api.example.test/leads", { method: "POST", headers: { "x-a": "1" }, body: '{"a":1}', redirect: "manual", signal }],
    ]);
  });

  test("resolves the response with its body read as text", async () => {
    const answering: typeof fetch = async () => new Response('{"id":"l-1"}', { status: 201, headers: { "x-request-id": "req-1" } });
    const { response, body } = await fetchExchange(answering)({
      url: "https://api.example.test/leads",
      method: "GET",
      headers: {},
      body: undefined,
      signal: new AbortController().signal,
    });
    expect(body).toBe('{"id":"l-1"}');
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(response.bodyUsed).toBe(true);
  });

  test("rejects as fetch does", async () => {
    const failure = new TypeError("fetch failed");
    const failing: typeof fetch = async () => {
      throw failure;
    };
    const exchanging = fetchExchange(failing)({
      url: "https://api.example.test/leads",
      method: "GET",
      headers: {},
      body: undefined,
      signal: new AbortController().signal,
    });
    await expect(exchanging).rejects.toBe(failure);
  });
});

describe("readBody: a limit on the decoded bytes, counted as they arrive", () => {
  const answer = (body: BodyInit, headers: Record<string, string> = {}) => new Response(body, { status: 200, headers });

  test("a body within the limit is read whole, declared length or not", async () => {
    await expect(readBody(answer("hello", { "content-length": "5" }), 5)).resolves.toEqual({ body: "hello" });
    const streamed = new Response(new Blob(["héllo"]).stream());
    await expect(readBody(streamed, 6)).resolves.toEqual({ body: "héllo" });
  });

  test("a streamed body is decoded as UTF-8 once joined: a character split across chunks stays whole", async () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë 🚀"}');
    const split = bytes.indexOf(0xf0) + 2;
    const chunks = [bytes.subarray(0, split), bytes.subarray(split), new Uint8Array([0xff])];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    // An invalid byte becomes U+FFFD, as response.text() decodes it.
    await expect(readBody(new Response(stream), 1024)).resolves.toEqual({ body: '{"name":"Zoë 🚀"}\uFFFD' });
  });

  test("a body past the limit stops the read and keeps a short prefix", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(97));
      },
    });
    const read = await readBody(new Response(endless), 1024 * 1024);
    expect(read.tooLarge).toBe(true);
    expect(read.body.length).toBeLessThanOrEqual(200);
    // The read stopped at the limit: 16 chunks of 64 KiB, and at most a few more the stream queued ahead.
    expect(pulled).toBeLessThan(24);
  });

  test("a declared length past the limit is refused after the first chunk", async () => {
    const read = await readBody(answer("x".repeat(100), { "content-length": "100" }), 10);
    expect(read).toEqual({ body: "x".repeat(100), tooLarge: true });
  });
});
