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

// Starts the mock the way `npm run mock -- --port N` does (node directly, without npm in between), and resolves once
// it has printed where it listens.
async function startMock(
  port: number,
): Promise<{ child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "contract-tests/cli/mock.ts", "--port", String(port)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "" },
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("(Ctrl-C stops it)")) resolve();
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`the mock exited before it listened:\n${output}`)));
  });
  return { child, output: () => output, exited };
}

describe("npm run mock", () => {
  // One real process, stopped the way a supervisor or `kill` stops it; Ctrl-C's SIGINT takes the same path (below).
  test("listens on --port, serves a named example, and on SIGTERM exits 0 with its Prism, leaving the port free", async () => {
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
      mock.child.kill("SIGTERM");
    }
    expect(await mock.exited).toBe(0);
    expect(mock.output()).toContain("mock stopped (SIGTERM)");
    await expect(fetch(url)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
  }, 20_000);

  test.for(stopSignals)("closes the mock, then exits 0, on %s", async (signal) => {
    const host = new EventEmitter() as EventEmitter & { exit: (code: number) => void };
    const exited = new Promise<number>((resolve) => {
      host.exit = resolve;
    });
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
