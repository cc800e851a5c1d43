// What `npm run mock` prints, reads and stops on: the port from `--port N`, a guide to calling the mock by hand, and
// the signals that close it. The guide reads the bundled spec itself rather than through support/spec.ts and the
// planner's operations, which load Ajv and read every operation's parameters and bodies: a few hundred ms of CPU in
// every mock start, for names it finds in the JSON.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { bundlePath } from "../support/bundle-path.js";
import { httpMethods, resolveRefIn } from "../support/openapi-document.js";

type Node = Record<string, unknown>;

/** Every operation of the bundled spec as the guide names it, in the spec's order: method, path and example names. */
function operationExamples(spec: Node): Array<{ method: string; path: string; named: string[] }> {
  return Object.entries(spec.paths as Record<string, Node>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => httpMethods.includes(method))
      .map(([method, op]) => {
        const responses = (op as { responses: Node }).responses;
        const named = Object.keys(responses).flatMap((status) => {
          const media = (resolveRefIn(spec, responses[status] as Node | undefined)?.content as Record<string, Node> | undefined)?.[
            "application/json"
          ];
          return Object.keys(media?.examples ?? {}).map((name) => (status.startsWith("2") ? name : `${status} ${name}`));
        });
        return { method: method.toUpperCase(), path, named };
      }),
  );
}

/** A `--port` the mock cannot use: its message is the one line the command prints. */
export class PortError extends Error {}

/** The port `--port N` names; 4010 (Prism's own default) when absent. */
export function portOf(argv: readonly string[]): number {
  const index = argv.findIndex((arg) => arg === "--port" || arg.startsWith("--port="));
  if (index < 0) return 4010;
  const text = (argv[index]!.includes("=") ? argv[index]!.split("=")[1] : argv[index + 1]) ?? "";
  // Digits only: Number() would read "" (an unset variable in --port=$PORT) as 0, and "0x1F90" as 8080.
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new PortError(`--port must be a port number from 0 to 65535, not "${text}"`);
  return Number(text);
}

/**
 * Throws the listen error of `port` on loopback (in use, not allowed) before anything slower starts, so that a port
 * that cannot work is refused at once; port 0 always works. The port is free again when this resolves.
 */
export async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(port, "127.0.0.1", () => resolve());
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

/**
 * The one line to print, before exiting 2, when the mock cannot start for a setting of the user's: a `--port` that is
 * not a port, one another process holds, or one this user may not open. Undefined for any other failure, which is
 * a fault of the mock's and keeps its stack.
 */
export function refusal(error: unknown, port: number | undefined): string | undefined {
  if (error instanceof PortError) return `${error.message}.`;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "EADDRINUSE") return `port ${port} is in use: pass another with --port N, or --port 0 for a free one.`;
  if (code === "EACCES")
    return `port ${port} may not be opened by this user: pass one above 1023 with --port N, or --port 0 for a free one.`;
  return undefined;
}

/** What the mock prints on start: where it is, a request to copy, and every operation's examples by status. */
export function usage(url: string): string {
  const lines = [
    `Prism mock of the Nexor API contract on ${url} (Ctrl-C stops it)`,
    "",
    "Any X-API-Key is accepted (Prism checks only that one is present). Try:",
    `  curl -s ${url}/messages -H 'x-api-key: nxr_live_test' -H 'content-type: application/json' \\`,
    `    -d '{"lead_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","workflow_id":"5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11","channel":"call"}'`,
    "An invalid request gets the documented 400 example; why it is invalid is in the sl-violations response header.",
    "",
    "Examples each operation serves: add -H 'prefer: example=<name>', or -H 'prefer: code=<status>, example=<name>'.",
  ];
  for (const { method, path, named } of operationExamples(JSON.parse(readFileSync(bundlePath, "utf8")))) {
    lines.push(`  ${method} ${path}: ${named.join(", ") || "(no named examples)"}`);
  }
  return lines.join("\n");
}

/** The signals that stop the mock: Ctrl-C in a terminal (SIGINT), and what a supervisor or `kill` sends (SIGTERM). */
export const stopSignals = ["SIGINT", "SIGTERM"] as const;

/** What the mock needs of its process: the signals, its parent's pid, and the way out. */
export interface MockHost {
  once(signal: (typeof stopSignals)[number], listener: () => void): unknown;
  readonly ppid: number;
  exit(code: number): void;
}

/**
 * Closes the mock (Prism runs in this process, so nothing is left on the port) and exits 0, on each stop signal, and
 * when the process that started it is gone: `npm run` starts a shell that starts node, and a SIGTERM to npm ends the
 * shell without reaching node, which would otherwise go on holding the port as an orphan.
 */
export function stopOnSignals(host: MockHost, close: () => Promise<void>, print: (line: string) => void, pollMs = 250): void {
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watch);
    void close().then(() => {
      print(`\nmock stopped (${why})`);
      host.exit(0);
    });
  };
  for (const signal of stopSignals) host.once(signal, () => stop(signal));
  const parent = host.ppid;
  const watch = setInterval(() => host.ppid !== parent && stop("its parent process ended"), pollMs);
  watch.unref();
}
