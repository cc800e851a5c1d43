// Servers that attack the runner rather than break the contract: a body of 20 MB on every answer, a body nested
// 100,000 deep, a server that echoes the key back, a server that rejects every key. Each is a plain loopback server
// that keeps no bodies, so that the test measures the runner's memory and not its own.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A running hostile server: its base URL (under /api/public, as Nexor's) and how many requests it received. */
export interface HostileServer {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

type Respond = (request: IncomingMessage, response: ServerResponse) => void;

async function start(respond: Respond): Promise<HostileServer> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    // The runner hangs up on a body it will not read; the write that fails then is expected.
    response.on("error", () => undefined);
    request.resume();
    request.on("end", () => respond(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/public`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const megabyte = Buffer.alloc(1024 * 1024, " ");

/** Answers every request 200 with a JSON body of `megabytes` MiB, sent chunked: no Content-Length warns the reader. */
export function startHugeBodyServer(megabytes = 20): Promise<HostileServer> {
  return start((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.write("{");
    let sent = 0;
    const more = () => {
      while (sent < megabytes && !response.destroyed) {
        sent++;
        if (!response.write(megabyte)) return void response.once("drain", more);
      }
      response.end("}");
    };
    more();
  });
}

/** Answers every request 200 with `{"data": [[[…]]]}` nested `depth` deep (about 200 KB for 100,000). */
export function startDeepBodyServer(depth = 100_000): Promise<HostileServer> {
  const body = `{"data":${"[".repeat(depth)}${"]".repeat(depth)}}`;
  return start((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(body));
}

/**
 * Echoes the key a request carries in a header, in the body and in an error message; a request without a key gets
 * 401. Whatever it answers, the key must never reach the runner's output.
 */
export function startEchoServer(): Promise<HostileServer> {
  return start((request, response) => {
    const key = String(request.headers["x-api-key"] ?? "");
    if (!key) return void response.writeHead(401, { "content-type": "application/json" }).end('{"error":"Unauthorized"}');
    response
      .writeHead(200, { "content-type": "application/json", "x-echo": key })
      .end(JSON.stringify({ success: false, error: `your key ${key} is echoed`, data: { key } }));
  });
}

/** Answers every request 401, with the key or without: an account whose key was revoked. */
export function startRejectingServer(): Promise<HostileServer> {
  return start((_request, response) =>
    response.writeHead(401, { "content-type": "application/json" }).end('{"error":"Unauthorized","message":"Invalid API key"}'),
  );
}

/** Answers 401 without a key and 404 to every keyed request: a server where nothing the run asks for exists. */
export function startNotFoundServer(): Promise<HostileServer> {
  return start((request, response) => {
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (!request.headers["x-api-key"])
      return json(401, { error: "Missing API key", message: "Please provide your API key in the X-API-Key header" });
    return json(404, { error: "Not found", message: "Nothing here" });
  });
}
