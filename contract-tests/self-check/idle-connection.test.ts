// A server that closes idle connections sooner than it says (behind a proxy, or Node's own 5 s on a machine where the
// command stalls) must not see the run's first case lost: the command plans its cases before the pre-flight, so that
// the first case follows the pre-flight at once on the connection the pre-flight opened. Planned after it, the plan's
// second or more of CPU left that connection idle, the server closed it, and the first case (a POST, never sent twice)
// went out on it: "connection closed without an answer", and the run stopped with nothing judged.
// The command runs in a process of its own, as a consumer's CI runs it, so that the server's idle timer runs while the
// command plans.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

/**
 * How long the server keeps a connection idle after an answer, while its Keep-Alive header promises 5 s. Planning every
 * operation takes longer than this on any machine; the pre-flight's last answer and the first case are milliseconds
 * apart. The server closes the connection itself: Node's own keepAliveTimeout closes about a second later than it is
 * set to, which a fast machine's planning would fit in.
 */
const IDLE_CLOSE_MS = 300;

let server: Server;
let baseUrl: string;
const requests: Array<{ method: string; url: string }> = [];

beforeAll(async () => {
  const sockets = new Set<Socket>();
  const idle = new Map<Socket, NodeJS.Timeout>();
  server = createServer((request, response) => {
    clearTimeout(idle.get(request.socket));
    requests.push({ method: request.method ?? "", url: request.url ?? "" });
    request.resume();
    request.on("end", () => {
      response.setHeader("keep-alive", "timeout=5");
      response.setHeader("content-type", "application/json");
      // After the first case, the server goes away: the run ends there, and the test needs no more of it.
      if (requests.length > 2) {
        response.end("{}", () => {
          server.close();
          for (const socket of sockets) socket.destroy();
        });
        return;
      }
      response.on("finish", () =>
        idle.set(
          request.socket,
          setTimeout(() => request.socket.destroy(), IDLE_CLOSE_MS),
        ),
      );
      response.end(request.headers["x-api-key"] ? '{"tags":[]}' : '{"error":"Missing API key","message":"Missing API key"}');
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      clearTimeout(idle.get(socket));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/public`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("the first case reaches a server that closes idle connections early, right after the pre-flight", { timeout: 60_000 }, async () => {
  const output = await run(process.execPath, ["--import", "tsx", "contract-tests/cli/nexor-contract.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NEXOR_API_KEY: "nxr_live_idle_connection_test",
      NEXOR_BASE_URL: baseUrl,
      NEXOR_CONTRACT_SEED: "1",
      NO_COLOR: "1",
    },
  }).then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
  );
  // The pre-flight's two reads, then the first case, which the server received: it was not lost on a closed connection.
  expect(requests.length, output).toBe(3);
  expect(requests.slice(0, 2).map(({ method }) => method)).toEqual(["GET", "GET"]);
  expect(requests[2]!.url.startsWith("/api/public/")).toBe(true);
});
