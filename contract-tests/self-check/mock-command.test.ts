// `npm run mock -- --port N` as a person uses it: it listens on the port given, serves the examples it lists, and on
// Ctrl-C (SIGINT) or SIGTERM stops with its Prism, which runs in the same process: exit 0, nothing left on the port.
// Prism takes seconds to load, so one real process is stopped by a signal; both signals are shown to take that path.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { refusedUrl } from "../../test/support/local-server.js";
import { responseExamples } from "../../test/support/spec.js";
import { portOf, stopOnSignals, stopSignals, usage } from "../cli/mock-guide.js";
import { operations } from "../support/operations.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

const mockScript = (JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { scripts: { mock: string } }).scripts.mock;

// Starts the mock the way `npm run mock -- --port N` does, without npm's own start-up: a shell running the script,
// which starts node. Resolves once the mock has printed where it listens.
async function startMock(port: number): Promise<{ shell: ChildProcessWithoutNullStreams; output: () => string; ended: Promise<void> }> {
  const shell = spawn("sh", ["-c", `${mockScript} --port ${port}`], { cwd: root, env: { PATH: process.env.PATH ?? "" } });
  let output = "";
  // The pipes close when every process holding them has ended: the shell and the node it started.
  const ended = new Promise<void>((resolve) => shell.on("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    shell.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("(Ctrl-C stops it)")) resolve();
    });
    shell.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void ended.then(() => reject(new Error(`the mock exited before it listened:\n${output}`)));
  });
  return { shell, output: () => output, ended };
}

describe("npm run mock", () => {
  // One real process tree, stopped as npm stops it on SIGTERM: the signal reaches the shell npm started, and the
  // node under it must not go on holding the port. SIGINT and SIGTERM to node itself take the path tested below.
  test("listens on --port, serves a named example, and when npm's shell is stopped, exits with its Prism, leaving the port free", async () => {
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
    } finally {
      mock.shell.kill("SIGTERM");
    }
    await mock.ended;
    expect(mock.output()).toMatch(/mock stopped \((SIGTERM|its parent process ended)\)/);
    await expect(fetch(url)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
    // Room for Prism's start on a loaded machine (npm test runs its stages side by side): 20 s was seen to run out.
  }, 60_000);

  // A host standing in for the process: its signals, a parent pid that can change, and exit.
  function fakeHost() {
    const host = Object.assign(new EventEmitter(), { ppid: 100, exit: (_code: number) => {} });
    const exited = new Promise<number>((resolve) => {
      host.exit = resolve;
    });
    return { host, exited };
  }

  test.for(stopSignals)("closes the mock, then exits 0, on %s", async (signal) => {
    const { host, exited } = fakeHost();
    const order: string[] = [];
    stopOnSignals(
      host,
      async () => void order.push("closed"),
      (line) => order.push(line.trim()),
    );
    host.emit(signal);
    expect(await exited).toBe(0);
    expect(order).toEqual(["closed", `mock stopped (${signal})`]);
  });

  test("closes the mock, then exits 0, once the process that started it is gone", async () => {
    const { host, exited } = fakeHost();
    const order: string[] = [];
    stopOnSignals(
      host,
      async () => void order.push("closed"),
      (line) => order.push(line.trim()),
      5,
    );
    host.ppid = 1;
    expect(await exited).toBe(0);
    expect(order).toEqual(["closed", "mock stopped (its parent process ended)"]);
  });
});

test("the printed guide names every operation and each of its examples, and says where the reason for a 400 is", () => {
  const guide = usage("http://127.0.0.1:4010");
  for (const operation of operations) expect(guide).toContain(`  ${operation.method} ${operation.path}: `);
  expect(guide).toContain("400 validation_error");
  expect(guide).toContain("why it is invalid is in the sl-violations response header");
});

test("--port takes a port, 4010 by default", () => {
  expect(portOf([])).toBe(4010);
  expect(portOf(["--port", "0"])).toBe(0);
  expect(portOf(["--port=8080"])).toBe(8080);
  expect(() => portOf(["--port", "http"])).toThrow('--port must be a port number from 0 to 65535, not "http"');
});

test("the README's requests to the mock name operations and examples the spec has", async () => {
  const readme = await readFile(join(root, "README.md"), "utf8");
  const requests = [...readme.matchAll(/^curl -s http:\/\/127\.0\.0\.1:4010(\S+) (.+)$/gm)];
  expect(requests.length).toBeGreaterThan(1);
  for (const [, path, rest] of requests) {
    const method = rest!.includes(" -d ") || rest!.endsWith("\\") ? "POST" : "GET";
    const operation = operations.find(
      (candidate) => candidate.method === method && new RegExp(`^${candidate.path.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path!),
    );
    expect(operation, `${method} ${path}`).toBeDefined();
    const prefer = /prefer: (?:code=(\d+), )?example=(\w+)/.exec(rest!);
    if (!prefer) continue;
    const status = prefer[1] ?? operation!.responses.find((key) => key.startsWith("2"))!;
    expect(Object.keys(responseExamples(operation!.operationId, status)), `${method} ${path} ${status}`).toContain(prefer[2]);
  }
});
