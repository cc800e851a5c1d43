// Bounded memory whatever the answer: a response is read only up to maxResponseBytes after decompression, as it
// arrives, so a gzip bomb or a huge error body ends in a ResponseTooLargeError that keeps a short prefix, not the body.
import { once } from "node:events";
import { createGzip, gzipSync } from "node:zlib";
import { describe, expect } from "vitest";
import { ResponseTooLargeError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { rejectionOf } from "../support/failures.js";
import { test } from "../support/fixtures.js";
import { transports } from "../support/transports.js";

/** `{"tags":[` and `megabytes` MiB of spaces, then `]}`: valid JSON, a few hundred kB gzipped, built a MiB at a time. */
async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on("data", (chunk: Buffer) => out.push(chunk));
  gzip.write('{"tags":[');
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < megabytes; i++) if (!gzip.write(spaces)) await once(gzip, "drain");
  gzip.end("]}");
  await once(gzip, "end");
  return Buffer.concat(out);
}

describe.for(transports)("over $name", ({ createNexorClient }) => {
  describe("maxResponseBytes", () => {
    test("a gzip answer that decodes to 200 MB rejects tags.list with ResponseTooLargeError, RSS kept low", async ({ serve }) => {
      const bomb = await gzipBomb(200);
      const server = await serve((_request, response) =>
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(bomb),
      );
      const before = process.memoryUsage().rss;
      const error = await rejectionOf(createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).tags.list());
      const grown = process.memoryUsage().rss - before;
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ status: 200, limit: 10 * 1024 * 1024 });
      expect(((error as ResponseTooLargeError).body ?? "").length).toBeLessThanOrEqual(200);
      expect(grown).toBeLessThan(100 * 1024 * 1024);
    });

    test("a 500 to messages.send with a huge body keeps a prefix, may have been processed, and is sent once", async ({ serve }) => {
      const server = await serve((_request, response) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end("e".repeat(3 * 1024 * 1024));
      });
      const error = await rejectionOf(
        createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxResponseBytes: 1024 * 1024 }).messages.send(call),
      );
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ status: 500, mayHaveBeenProcessed: true });
      expect((error as ResponseTooLargeError).body).toBe("e".repeat(200));
      expect((error as Error).message).toMatch(/maxResponseBytes \(1048576 bytes\).*lead may already have been contacted/);
      expect(server.requests).toHaveLength(1);
    });

    test("a 400 too large to read says nothing was done", async ({ serve }) => {
      const server = await serve((_request, response) => response.writeHead(400).end("b".repeat(4096)));
      const error = await rejectionOf(
        createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxResponseBytes: 1024 }).messages.send(call),
      );
      expect(error).toMatchObject({ name: "ResponseTooLargeError", mayHaveBeenProcessed: false });
    });

    test("an answer within the limit is read as before", async ({ serve }) => {
      const server = await serve((_request, response) =>
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync('{"tags":[]}')),
      );
      await expect(createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxResponseBytes: 11 }).tags.list()).resolves.toEqual({
        tags: [],
      });
    });
  });
});
