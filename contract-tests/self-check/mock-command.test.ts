// `npm run mock -- --port N`: on Ctrl-C (SIGINT) or SIGTERM it stops with its Prism, which runs in the same process:
// exit 0, nothing left on the port; its guide names every operation's examples. The stop is tested here on a host
// standing in for the process; the real command, started by npm, listening on --port, serving a named example and
// stopped by each signal, is test/tooling/mock-shutdown.test.ts's (Prism takes seconds to load: two real trees in all).
import { EventEmitter } from "node:events";
import { readFile } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { rejectionOf } from "../../test/support/failures.js";
import { assertPortFree, PortError, portOf, refusal, stopOnSignals, stopSignals, usage } from "../cli/mock-guide.js";
import { operations } from "../support/operations.js";
import { responseExamples } from "../support/spec.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("npm run mock", () => {
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
  // The guide reads the bundle on its own; each line names exactly the examples the suite's spec reader finds.
  for (const operation of operations) {
    const named = operation.responses.flatMap((status) =>
      Object.keys(responseExamples(operation.operationId, status)).map((name) => (status.startsWith("2") ? name : `${status} ${name}`)),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(guide.split("\n")).toContain(`  ${operation.method} ${operation.path}: ${named.join(", ")}`);
  }
  expect(guide).toContain("400 validation_error");
  expect(guide).toContain("why it is invalid is in the sl-violations response header");
});

test("--port takes a port, 4010 by default", () => {
  expect(portOf([])).toBe(4010);
  expect(portOf(["--port", "0"])).toBe(0);
  expect(portOf(["--port=8080"])).toBe(8080);
  expect(() => portOf(["--port", "http"])).toThrow('--port must be a port number from 0 to 65535, not "http"');
  // An unset variable in --port=$PORT, a bare --port, and numbers that are not written as a port.
  expect(() => portOf(["--port="])).toThrow('--port must be a port number from 0 to 65535, not ""');
  expect(() => portOf(["--port"])).toThrow('--port must be a port number from 0 to 65535, not ""');
  for (const text of ["0x1F90", "1e3", " ", "-1", "65536", "80.0"]) expect(() => portOf(["--port", text]), text).toThrow(PortError);
  expect(portOf(["--port", "65535"])).toBe(65_535);
});

test("a port another process holds is refused before the mock loads anything; a free one is left free", async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", () => resolve()));
  const port = (holder.address() as AddressInfo).port;
  const error = await rejectionOf(assertPortFree(port));
  expect(refusal(error, port)).toBe(`port ${port} is in use: pass another with --port N, or --port 0 for a free one.`);
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  await assertPortFree(port);
  await assertPortFree(port);
  await assertPortFree(0);
});

test("a --port that cannot work is one line naming the fix; any other failure keeps its stack", () => {
  const notAPort = (() => {
    try {
      return portOf(["--port", "70000"]);
    } catch (error) {
      return error;
    }
  })();
  expect(refusal(notAPort, undefined)).toBe('--port must be a port number from 0 to 65535, not "70000".');
  const inUse = Object.assign(new Error("listen EADDRINUSE: address already in use 127.0.0.1:4010"), { code: "EADDRINUSE" });
  expect(refusal(inUse, 4010)).toBe("port 4010 is in use: pass another with --port N, or --port 0 for a free one.");
  expect(refusal(Object.assign(new Error("listen EACCES"), { code: "EACCES" }), 80)).toMatch(
    /^port 80 may not be opened by this user: .*--port 0/,
  );
  expect(refusal(new Error("Prism could not read the spec"), 4010)).toBeUndefined();
  expect(refusal(undefined, 4010)).toBeUndefined();
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
