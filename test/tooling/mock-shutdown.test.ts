// `npm run mock -- --port N` as a person uses it, and stopped on one signal whatever its clients do. It listens on the
// port given and serves the examples its guide lists; then a SIGTERM while a client holds a half-sent request, and a
// SIGINT that only npm receives (a supervisor signalling npm's pid, not the terminal's process group), each end every
// process of the tree within 2 s, close the client's connection and leave the port free. Real processes: npm, the mock
// under it, and a raw socket that sends half a request and waits. A port another process holds is refused in one line,
// exit 2, before Prism loads. Prism takes a second or two of CPU to load, so the two trees that stop are the only real
// mocks of the suite (mock-command.test.ts tests the stop, the guide and the refusals' wording in process).
import { type ChildProcess, spawn } from "node:child_process";
import { type AddressInfo, connect, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { refusedUrl } from "../support/local-server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Mock {
  npm: ChildProcess;
  exited: Promise<void>;
  code: Promise<number | null>;
  /** Everything printed, both streams. */
  output: () => string;
  /** What was printed on standard error alone. */
  errors: () => string;
}

/** Runs `npm run mock -- --port N` in its own process group, so that a signal to npm reaches npm alone. */
function runMock(port: number): Mock {
  const npm = spawn("npm", ["run", "mock", "--", "--port", String(port)], { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let errors = "";
  // The pipes close once every process holding them has ended: npm and the mock under it.
  const code = new Promise<number | null>((resolve) => npm.on("close", (exitCode) => resolve(exitCode)));
  npm.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  return { npm, exited: code.then(() => undefined), code, output: () => output, errors: () => errors };
}

/**
 * The mock listening on a port that was free a moment before. Another process on the machine may take that port in
 * between, which the mock refuses in one line: then it is tried again on another.
 */
async function startMock(): Promise<{ mock: Mock; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = Number(new URL(await refusedUrl()).port);
    const mock = runMock(port);
    const listening = await new Promise<boolean>((resolve) => {
      mock.npm.stdout?.on("data", () => mock.output().includes("(Ctrl-C stops it)") && resolve(true));
      void mock.exited.then(() => resolve(false));
    });
    if (listening) return { mock, port };
    if (attempt === 3 || !mock.output().includes(`port ${port} is in use`))
      throw new Error(`the mock exited before it listened:\n${mock.output()}`);
  }
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
      const { mock, port } = await startMock();
      const url = `http://127.0.0.1:${port}`;
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

test("a port another process holds is refused in one line that names --port, exit 2, and no stack", { timeout: 60_000 }, async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  try {
    const port = (holder.address() as AddressInfo).port;
    const mock = runMock(port);
    expect(await mock.code).toBe(2);
    // The refusal is the mock's one line on standard error; what npm itself may add there about the exit code
    // ("npm error …", "npm ERR! …" in older npm) is npm's, not the mock's.
    const mockLines = mock
      .errors()
      .split("\n")
      .filter((line) => line !== "" && !/^npm (error|ERR!)/.test(line));
    expect(mockLines).toEqual([`npm run mock: port ${port} is in use: pass another with --port N, or --port 0 for a free one.`]);
    expect(mock.output()).not.toContain("Prism mock of the Nexor API contract");
  } finally {
    holder.close();
  }
});
