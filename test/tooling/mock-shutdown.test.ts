// `npm run mock` stops on one signal, whatever its clients do: a SIGTERM while a client holds a half-sent request,
// and a SIGINT that only npm receives (a supervisor signalling npm's pid, not the terminal's process group), each end
// every process of the tree within 2 s, close the client's connection and leave the port free. Real processes: npm,
// the mock under it, and a raw socket that sends half a request and waits.
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
    "%s to npm alone, with a half-sent request open: every process ends within 2 s, the port freed",
    { timeout: 60_000 },
    async (signal) => {
      const url = await refusedUrl();
      const port = Number(new URL(url).port);
      const mock = await startMock(port);
      const client = await halfSent(port);
      try {
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
