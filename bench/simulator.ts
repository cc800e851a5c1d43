// The simulator's budgets, measured: it starts in under 500 ms and serves at least 2,000 requests a second on
// loopback, so that a consumer's test suite can lean on it. Measures the built simulator (dist/simulator/), as a
// consumer runs it: in process (startSimulator) and as a command (the time to its first line, Node's start included).
// Run by `npm run bench`; alone: `npx tsx bench/simulator.ts` (builds dist/ first).
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "../scripts/lib/build.mjs";
import type * as SimulatorModule from "../simulator/index.js";
import { measureThroughput } from "./latency.js";

const BUDGET = { startMs: 500, requestsPerSecond: 2000 };
const dist = new URL("../dist/simulator/", import.meta.url);
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (value: number, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Child {
  line: string;
  stop(): void;
}

/** Spawns a Node script; resolves with its first stdout line and the ms from spawn to that line. */
function firstLine(args: string[]): Promise<Child & { ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf("\n");
      if (end >= 0 && out.length - chunk.length <= end)
        resolve({ line: out.slice(0, end), ms: performance.now() - started, stop: () => child.kill("SIGTERM") });
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code} before its first line`)));
  });
}

const CLI = fileURLToPath(new URL("cli.js", dist));
// Node's own start, printing one line: what every command pays before its first line of code runs.
const BARE_NODE = ["-e", "process.stdout.write('{}\\n'); setInterval(() => {}, 1000)"];

/**
 * Measures and prints the simulator's start and throughput, each beside its baseline measured the same way at the same
 * time (a bare Node start; the bench's echo server, which does no work per request), since the machine's load moves
 * both. Writes bench/results/simulator.json.
 */
export async function benchSimulator(): Promise<Record<string, unknown>> {
  const { startSimulator } = (await import(new URL("index.js", dist).href)) as typeof SimulatorModule;
  console.log("Measuring the simulator…");
  const inProcess: number[] = [];
  for (let index = 0; index < 20; index++) {
    const started = performance.now();
    const sim = await startSimulator();
    inProcess.push(performance.now() - started);
    await sim.close();
  }
  const command: number[] = [];
  const bare: number[] = [];
  for (let index = 0; index < 7; index++) {
    for (const [times, args] of [
      [command, [CLI, "--port", "0"]],
      [bare, BARE_NODE],
    ] as const) {
      const child = await firstLine([...args]);
      times.push(child.ms);
      child.stop();
    }
  }

  // Both servers in their own process, so that their work does not count against the client loop, and vice versa.
  const simulator = await firstLine([CLI, "--port", "0", "--key", "nxr_live_bench_key"]);
  const echo = await firstLine([fileURLToPath(new URL("./echo-server.mjs", import.meta.url))]);
  const { baseUrl, leadId } = JSON.parse(simulator.line) as { baseUrl: string; leadId: string };
  const echoUrl = `http://127.0.0.1:${(JSON.parse(echo.line) as { port: number }).port}`;
  const headers = { "x-api-key": "nxr_live_bench_key", "content-type": "application/json" };
  const lead = `${baseUrl}/leads/${leadId}`;
  const throughput: Record<string, Record<string, number>> = {};
  try {
    for (const concurrency of [1, 16, 64]) {
      throughput[concurrency] = await measureThroughput(
        {
          "echo server": async () => (await fetch(`${echoUrl}/leads/${leadId}`, { headers })).json(),
          "GET /leads/{id}": async () => (await fetch(lead, { headers })).json(),
          "PATCH /leads/{id}": async () => (await fetch(lead, { method: "PATCH", headers, body: '{"metadata":{"bench":1}}' })).json(),
        },
        concurrency,
        concurrency === 1 ? 1000 : 3000,
        3,
      );
    }
  } finally {
    simulator.stop();
    echo.stop();
  }
  const startMs = median(inProcess);
  const commandMs = median(command);
  const bareMs = median(bare);
  const atSixteen = throughput[16]!;
  const served = Math.min(atSixteen["GET /leads/{id}"]!, atSixteen["PATCH /leads/{id}"]!);
  const results = {
    loadAverage: (await import("node:os")).loadavg(),
    startMilliseconds: {
      inProcessMedian: startMs,
      commandMedian: commandMs,
      bareNodeMedian: bareMs,
      commandOverBareNode: commandMs - bareMs,
    },
    requestsPerSecond: throughput,
    budgets: {
      startMs: { limit: BUDGET.startMs, value: commandMs, met: commandMs < BUDGET.startMs },
      requestsPerSecond: { limit: BUDGET.requestsPerSecond, value: served, met: served >= BUDGET.requestsPerSecond },
    },
  };
  console.log(
    [
      "",
      `Simulator (dist/simulator/, its own process, loopback keep-alive; load average ${results.loadAverage.map((load) => fmt(load, 1)).join(" ")})`,
      `start, in process (startSimulator, median of 20):        ${fmt(startMs, 1).padStart(7)} ms`,
      `start, as a command (spawn to first line, median of 7):  ${fmt(commandMs, 1).padStart(7)} ms`,
      `  bare Node, spawn to first line, interleaved:           ${fmt(bareMs, 1).padStart(7)} ms`,
      "requests/s, median of 3 interleaved rounds",
      "concurrency   echo server   GET /leads/{id}   PATCH /leads/{id}   GET / echo",
      ...Object.entries(throughput).map(
        ([c, rates]) =>
          `${c.padStart(11)} ${fmt(rates["echo server"]!).padStart(13)} ${fmt(rates["GET /leads/{id}"]!).padStart(17)} ${fmt(rates["PATCH /leads/{id}"]!).padStart(19)} ${fmt(rates["GET /leads/{id}"]! / rates["echo server"]!, 2).padStart(12)}`,
      ),
      `start < ${BUDGET.startMs} ms (as a command, first line): ${fmt(commandMs, 1)} ms ${results.budgets.startMs.met ? "met" : "MISSED"}`,
      `≥ ${fmt(BUDGET.requestsPerSecond)} requests/s (concurrency 16, the slower of GET and PATCH): ${fmt(served)} ${results.budgets.requestsPerSecond.met ? "met" : "MISSED"}`,
    ].join("\n"),
  );
  const folder = new URL("./results/", import.meta.url);
  await mkdir(folder, { recursive: true });
  await writeFile(new URL("simulator.json", folder), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await build();
  await benchSimulator();
}
