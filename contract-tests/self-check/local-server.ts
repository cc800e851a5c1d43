// A node:http server on 127.0.0.1, port 0, that answers with a pure function and records every request it got.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as a local server saw it: header names lower-case, the body as text. */
export interface IncomingCall {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
}

/** What a local server answers. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How a local server decides its reply. */
export type Answer = (call: IncomingCall) => Reply;

/** A running local server. */
export interface LocalServer {
  /** Base URL with the same base path as Nexor's, e.g. `http://127.0.0.1:41234/api/public`. */
  url: string;
  /** Every request received so far, with the reply it got. */
  calls: Array<IncomingCall & { reply: Reply }>;
  close(): Promise<void>;
}

/** The base path local servers serve under, as the real API does, so that URL joining is tested too. */
export const basePath = "/api/public";

/** Starts a server that answers every request with `answer`. Close it in a `finally` or `afterAll`. */
export async function startLocalServer(answer: Answer): Promise<LocalServer> {
  const calls: LocalServer["calls"] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const call: IncomingCall = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value])),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      const reply = answer(call);
      calls.push({ ...call, reply });
      response.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive; without this, close would wait for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A JSON reply. */
export function json(status: number, value: unknown): Reply {
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(value) };
}
