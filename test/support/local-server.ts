// A real HTTP server on 127.0.0.1, port 0, for every test that needs one (the client's tests, the contract suite's
// self-check): each test says how it answers, and reads back exactly what arrived. No fetch is mocked; requests cross
// a real socket.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer, type Socket } from "node:net";

/** A request as the server received it, body read in full. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers one request; `index` counts requests from 0. */
export type Handler = (request: ReceivedRequest, response: ServerResponse, index: number) => unknown;

export interface LocalServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** Every request received so far, in order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a server on a free loopback port. */
export async function startServer(handle: Handler): Promise<LocalServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request = {
        method: incoming.method ?? "",
        path: incoming.url ?? "",
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      Promise.resolve(handle(request, response, requests.length - 1)).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a JSON body. */
export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

/** A loopback URL on which nothing listens, so connecting is refused. */
export async function refusedUrl(): Promise<string> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.url;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A loopback server that accepts connections and reads requests but never answers: a hung upstream. */
export async function startSilentServer(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // Requests counted by their request lines (a client may open a spare connection and send nothing on it).
    socket.on("data", (chunk: Buffer) => {
      requests += chunk.toString("latin1").match(/^[A-Z]+ \S+ HTTP\/1\.1\r$/gm)?.length ?? 0;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
