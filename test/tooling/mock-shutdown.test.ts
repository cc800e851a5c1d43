// `npm run mock -- --port N` as a person uses it, and stopped on one signal whatever its clients do. It listens on the
// port given and serves the examples its guide lists; then a SIGTERM while a client holds a half-sent request, and a
// SIGINT that only npm receives (a supervisor signalling npm's pid, not the terminal's process group), each end every
// process of the tree within 2 s, close the client's connection and leave the port free. Real processes: npm, the mock
// under it, and a raw socket that sends half a request and waits. Prism takes seconds to load, so these two trees are
// the only real mock processes of the suite (mock-command.test.ts tests the stop and the guide in process).
import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { refusedUrl } from "../support/local-server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Starts `npm run mock -- --port N` in its own process group, so that a signal to npm reaches npm alone. */
async function startMock(port: number): Promise<{ npm: ChildProcess; exited: Promise<void>; output: () => string }> {
  const npm = spawn("npm", ["run", "mock", "--", "--port", String(port)], { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  // The pipes close once every process holding them has ended: npm and the mock under it.
  const exited = new Promise<void>((resolve) => npm.on("close", () => resolve()));
  npm.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    npm.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("(Ctrl-C stops it)")) resolve();
    });
    void exited.then(() => reject(new Error(`the mock exited before it listened:\n${output}`)));
  });
  return { npm, exited, output: () => output };
}

/** A client that sends the headers and the first bytes of a body it announced as 1,000 bytes, then waits. */
function halfSent(port: number): Promise<{ closed: Promise<void> }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write('POST /messages HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"lead');
      resolve({ closed: new Promise<void>((closed) => socket.on("close", () => closed())) });
    });
    socket.on("error", () => undefined);
  });
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe("npm run mock stops on one signal", () => {
  test.for(["SIGTERM", "SIGINT"] as const)(
    "listens on --port and serves a named example; %s to npm alone, with a half-sent request open: every process ends within 2 s, the port freed",
    { timeout: 60_000 },
    async (signal) => {
      const url = await refusedUrl();
      const port = Number(new URL(url).port);
      const mock = await startMock(port);
      try {
        expect(mock.output()).toContain(`on http://127.0.0.1:${port} (Ctrl-C stops it)`);
        const response = await fetch(`${url}/messages`, {
          method: "POST",
          headers: { "x-api-key": "nxr_live_by_hand", "content-type": "application/json", prefer: "example=call" },
          body: JSON.stringify({
            lead_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            workflow_id: "5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11",
            channel: "call",
          }),
        });
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ channel: "call", call_status: "registered" });
        const client = await halfSent(port);
        mock.npm.kill(signal);
        expect(await within(mock.exited, 2_000)).toBe(true);
        expect(await within(client.closed, 500)).toBe(true);
        expect(mock.output()).toContain(`mock stopped (${signal})`);
        await expect(fetch(url)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
      } finally {
        // Whatever the outcome, nothing of this tree outlives the test.
        try {
          process.kill(-mock.npm.pid!, "SIGKILL");
        } catch {
          // Already gone, as it should be.
        }
      }
    },
  );
});
