// A loopback server that answers each request with a fault drawn from a seeded generator, and records, per message
// marker, every fault it chose and whether it processed the message (read the body of a request it then acted on).
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { seededRandom } from "../../contract-tests/support/cases/random.js";

/** The faults, each drawn with equal probability. */
export const FAULTS = [
  "reset-before-read",
  "reset-after-read",
  "delay-past-timeout",
  "429",
  "500",
  "html-502",
  "truncated-json",
  "ok",
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

const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  if (!response.destroyed) response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
};

/** Starts the server; `delayMs` is how long the delay fault waits before answering. */
export async function startFaultServer(seed: number, delayMs: number): Promise<FaultServer> {
  const random = seededRandom(seed);
  const state: Omit<FaultServer, "url" | "close"> = { attempts: new Map(), processed: new Map(), unread: 0 };
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((request, response) => {
    const fault = random.pick(FAULTS);
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
      if (fault !== "429") state.processed.set(marker, (state.processed.get(marker) ?? 0) + 1);
      switch (fault) {
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
