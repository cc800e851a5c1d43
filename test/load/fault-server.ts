// A loopback server that answers each request with a fault drawn from a seeded generator, and records, per message
// marker, every fault it chose and whether it processed the message (read the body of a request it then acted on).
// Every answer echoes the API key it received (in a header, and in bodies and Locations where it can), so that a key
// that reaches an error is found.

import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createGzip, gzipSync } from "node:zlib";
import { seededRandom } from "../../contract-tests/support/cases/random.js";

/**
 * The faults, each drawn with equal probability but the delay, drawn a third as often: a delayed call holds its worker
 * for the client's whole deadline, so it alone would set the run's length, and some 25 of them in 1,100 calls still
 * exercise the timeout path on every run.
 */
export const FAULTS = [
  "reset-before-read",
  "reset-after-read",
  "delay-past-timeout",
  "429",
  "500",
  "html-502",
  "truncated-json",
  "ok",
  // A same-origin 307, which the client follows: the request was not acted on here, and is answered again.
  "redirect-307",
  // A 302 to another origin whose host is the key, and one whose Location cannot be parsed: neither is followed.
  "redirect-elsewhere",
  "redirect-unparseable",
  // A 200 whose gzip body decodes to 50 MB, and a 500 with a 2 MB body: past the client's limit (256 kB in the load test).
  "gzip-bomb",
  "huge-500",
  // A 200 whose body is gzipped 50 times and lists its 50 codings: a client that decoded past 5 would read it and
  // resolve (and, with thousands, hold hundreds of MB of decompressors), where fetch and the client refuse it.
  "coding-chain",
  // A 500 whose JSON body nests 100,000 levels deep.
  "deep-500",
  // Headers and half the body, then the connection is reset.
  "reset-mid-body",
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultServer {
  url: string;
  /** Faults applied to each marker's requests, in order. */
  attempts: Map<string, Fault[]>;
  /** How many times each marker's message was processed. */
  processed: Map<string, number>;
  /** Requests whose body could not be read (the fault closed the socket first), by fault. */
  unread: number;
  close(): Promise<void>;
}

/** 50 MiB of spaces inside a JSON object, gzipped a MiB at a time: about 50 kB on the wire. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on("data", (chunk: Buffer) => out.push(chunk));
  gzip.write('{"a":"');
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < 50; i++) if (!gzip.write(spaces)) await once(gzip, "drain");
  gzip.end('"}');
  await once(gzip, "end");
  return Buffer.concat(out);
}
const HUGE = Buffer.alloc(2 * 1024 * 1024, 0x65);
const DEEP = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;

const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  if (!response.destroyed) response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
};

const CODING_LAYERS = 50;
const CODING_CHAIN = Array(CODING_LAYERS).fill("gzip").join(", ");
const CHAINED = Array.from({ length: CODING_LAYERS }).reduce<Uint8Array>(
  (body) => gzipSync(body),
  new TextEncoder().encode('{"success":true,"channel":"call","call_id":"coding-chain"}'),
);

/** Starts the server; `delayMs` is how long the delay fault waits before answering; `faults` are those drawn from. */
export async function startFaultServer(seed: number, delayMs: number, faults: readonly Fault[] = FAULTS): Promise<FaultServer> {
  const random = seededRandom(seed);
  const draws = faults.flatMap((fault) => (fault === "delay-past-timeout" ? [fault] : [fault, fault, fault]));
  const BOMB = await gzipBomb();
  const state: Omit<FaultServer, "url" | "close"> = { attempts: new Map(), processed: new Map(), unread: 0 };
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((request, response) => {
    const fault = random.pick(draws);
    if (fault === "reset-before-read") {
      // The marker is in the body, which is never read: this request is unprocessed by construction.
      state.unread++;
      request.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const marker = String((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { begin_message?: string }).begin_message);
      state.attempts.set(marker, [...(state.attempts.get(marker) ?? []), fault]);
      if (fault !== "429" && fault !== "redirect-307") state.processed.set(marker, (state.processed.get(marker) ?? 0) + 1);
      const key = String(request.headers["x-api-key"]);
      response.setHeader("x-echo", key);
      switch (fault) {
        case "redirect-307":
          response.writeHead(307, { location: `${request.url}?again` }).end();
          break;
        case "redirect-elsewhere":
          response.writeHead(302, { location: `https://${key}.example.com/messages` }).end(key);
          break;
        case "redirect-unparseable":
          response.writeHead(302, { location: `http://[::1/?token=${key}` }).end();
          break;
        case "gzip-bomb":
          response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(BOMB);
          break;
        case "coding-chain":
          response.writeHead(200, { "content-type": "application/json", "content-encoding": CODING_CHAIN }).end(CHAINED);
          break;
        case "huge-500":
          response.writeHead(500, { "content-type": "text/plain" }).write(key);
          response.end(HUGE);
          break;
        case "deep-500":
          response.writeHead(500, { "content-type": "application/json" }).end(DEEP);
          break;
        case "reset-mid-body":
          response.writeHead(200, { "content-type": "application/json", "content-length": "200" });
          response.write(`{"success":true,"note":"${key}`);
          setTimeout(() => request.socket.destroy(), 5);
          break;
        case "reset-after-read":
          request.socket.destroy();
          break;
        case "delay-past-timeout": {
          const timer = setTimeout(() => {
            timers.delete(timer);
            sendJson(response, 200, { success: true, call_id: marker });
          }, delayMs);
          timers.add(timer);
          break;
        }
        case "429":
          sendJson(response, 429, { error: "Too many requests" }, { "retry-after": "0" });
          break;
        case "500":
          sendJson(response, 500, { error: "Internal server error" });
          break;
        case "html-502":
          response.writeHead(502, { "content-type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>");
          break;
        case "truncated-json":
          response.writeHead(200, { "content-type": "application/json" }).end(`{"success":true,"call_id":"${marker}`);
          break;
        case "ok":
          sendJson(response, 200, { success: true, channel: "call", call_id: marker, call_status: "registered" });
          break;
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
