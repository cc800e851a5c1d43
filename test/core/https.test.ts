// Both transports over TLS, as every call to Nexor goes: a certificate the process does not trust is refused before
// anything is sent, and with the certificate trusted (in a child process started with NODE_EXTRA_CA_CERTS) a call and
// a gzip answer go through. The certificate and its key in test/fixtures/tls are for 127.0.0.1 and serve these tests
// only; they protect nothing.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect } from "vitest";
import { ConfigurationError } from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { rejectionOf } from "../support/failures.js";
import { test } from "../support/fixtures.js";
import { transports } from "../support/transports.js";

const tls = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url)));
const CERTIFICATE = fileURLToPath(new URL("../fixtures/tls/localhost.crt", import.meta.url));

/** An https server on 127.0.0.1 with the test certificate, answering tags.list gzipped and every POST with a call. */
async function startHttps(): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer({ key: tls("localhost.key"), cert: tls("localhost.crt") }, (request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    request.on("end", () => {
      if (request.method === "GET")
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync('{"tags":[]}'));
      else response.writeHead(200, { "content-type": "application/json" }).end('{"success":true,"channel":"call","call_id":"c-1"}');
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

describe.for(transports)("over $name", ({ createNexorClient }) => {
  test("a certificate the process does not trust is a ConfigurationError: nothing was sent, and it is not retried", async ({
    onTestFinished,
  }) => {
    const { url, requests, server } = await startHttps();
    onTestFinished(() => {
      server.closeAllConnections();
      server.close();
    });
    const error = await rejectionOf(createNexorClient({ apiKey: API_KEY, baseUrl: url, maxRetries: 3 }).messages.send(call));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: false });
    expect((error as Error).message).toMatch(/certificate was refused/);
    expect(requests).toEqual([]);
  });
});

test("with the certificate trusted, both transports send a call and read a gzip answer over TLS", async ({ onTestFinished }) => {
  const { url, requests, server } = await startHttps();
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("../support/https-calls.ts", import.meta.url)), url], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: CERTIFICATE },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await once(child, "exit");
  const sent = { tags: { tags: [] }, sent: { success: true, channel: "call", call_id: "c-1" } };
  expect(JSON.parse(output)).toEqual({ fetch: sent, "node:http": sent });
  expect(requests).toEqual(["GET /tags", "POST /messages", "GET /tags", "POST /messages"]);
  // A process starts in about a second, more on a loaded CI machine.
}, 30_000);
