// The self-check's servers answer with a pure function of the request, so that a broken server is the conforming one
// with one reply changed. This runs such a function on the shared loopback server and keeps each reply it gave.
import type { Serve } from "../../test/support/fixtures.js";
import { startServer } from "../../test/support/local-server.js";
import type { Transport } from "../support/runner.js";

/** A request as a server saw it: header names lower-case, the body as text. */
export interface IncomingCall {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
}

/** What a server answers. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How a server decides its reply. */
export type Answer = (call: IncomingCall) => Reply;

/** A running server. */
export interface AnsweringServer {
  /** Base URL with the same base path as Nexor's, e.g. `http://127.0.0.1:41234/api/public`. */
  url: string;
  /** Every request received so far, with the reply it got. */
  calls: Array<IncomingCall & { reply: Reply }>;
  close(): Promise<void>;
}

/** The base path servers serve under, as the real API does, so that URL joining is tested too. */
export const basePath = "/api/public";

/**
 * Starts a server that answers every request with `answer`, through `start` (the `serve` fixture in a test, which
 * closes it when the test ends).
 */
export async function startAnsweringServer(answer: Answer, start: Serve = startServer): Promise<AnsweringServer> {
  const calls: AnsweringServer["calls"] = [];
  const server = await start((request, response) => {
    const call: IncomingCall = {
      method: request.method,
      path: request.path,
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]),
      ),
      body: request.body,
    };
    const reply = answer(call);
    calls.push({ ...call, reply });
    response.writeHead(reply.status, reply.headers).end(reply.body);
  });
  return { url: `${server.url}${basePath}`, calls, close: () => server.close() };
}

/** A JSON reply. */
export function jsonReply(status: number, value: unknown): Reply {
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(value) };
}

let inMemoryServers = 0;

/**
 * The same answers without a socket: a transport that hands each request straight to `answer`. The self-check runs
 * most of its plans this way (HTTP costs ten times what the checks do); the HTTP path itself is run by the
 * conforming server's live plan, the live command's tests and the consumer's.
 */
export function answeringInMemory(answer: Answer): { url: string; calls: AnsweringServer["calls"]; transport: Transport } {
  // A host of its own per server: the runner sends a real message at most once per server and case.
  const url = `http://server-${++inMemoryServers}.in-memory.invalid${basePath}`;
  const calls: AnsweringServer["calls"] = [];
  const transport: Transport = async (request) => {
    const { pathname, search } = new URL(request.url);
    const call: IncomingCall = {
      method: request.method,
      path: `${pathname}${search}`,
      headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])),
      body: request.body ?? "",
    };
    const reply = answer(call);
    calls.push({ ...call, reply });
    return {
      status: reply.status,
      headers: Object.fromEntries(Object.entries(reply.headers).map(([name, value]) => [name.toLowerCase(), value])),
      body: reply.body,
    };
  };
  return { url, calls, transport };
}
