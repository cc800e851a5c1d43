// `npm run bench`: the client against raw fetch on loopback, its bundle size, and the time of the tooling. Prints a
// table and writes the same figures as JSON to bench/results/latest.json. A benchmark, not a test: it judges budgets
// and reports, and never runs in `npm test`.
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import { requestExamples } from "../contract-tests/support/spec.js";
import { build } from "../scripts/lib/build.mjs";
import type { SendMessageRequest } from "../src/index.js";
import type { paths } from "../src/types.js";
import { bundleSize, CLIENT_ENTRY, OPENAPI_FETCH_ENTRY } from "./bundle-size.js";
import { loadClient } from "./entry.js";
import { measureLatency, measureThroughput, type Sender } from "./latency.js";
import { benchSimulator } from "./simulator.js";
import { toolingTimes } from "./tooling-times.js";

// The client as users run it: dist/, built by tsc, not src/ compiled on the fly by tsx (whose keep-names helpers would
// run on every closure the client creates per call, a cost no user pays), through the entry Node resolves for it (the
// "node" condition: the node:http transport).
await build();
const { createNexorClient } = await loadClient(fileURLToPath(new URL("..", import.meta.url)));
// The neutral entry, as browsers, edge runtimes and bundlers get it, sends through fetch: shown beside, not budgeted,
// so that what the node:http transport saves and what fetch still costs are both in the table.
const neutral = (await import(new URL("../dist/src/index.js", import.meta.url).href)) as typeof import("../src/index.js");

// Issue 18's budgets: the client's p50 within 15 % of raw fetch (validation on or off, and a read), its throughput at
// least 90 % of raw fetch's at concurrency 16 and 64, every operation in 12.5 kB.
const BUDGET = { p50Ratio: 1.15, p50RatioUnvalidated: 1.15, throughputRatio: 0.9, bundleGzipBytes: 12_500 };
const API_KEY = "nxr_live_bench_key";
const message = requestExamples("sendMessage").call as SendMessageRequest & { channel: "call" };
const LEAD_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./echo-server.mjs", import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

const fmt = (value: number, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const server = await startServer();
try {
  const client = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
  const unvalidated = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, validate: false });
  const overFetch = neutral.createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
  const bare = createClient<paths>({ baseUrl: server.url, headers: { "x-api-key": API_KEY } });
  const init = () => ({
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": API_KEY },
    body: JSON.stringify(message),
  });
  // The rows between raw fetch and the client say where the client's cost goes: the safety it adds, measured on raw
  // fetch itself, and openapi-fetch, its foundation.
  const variants: Record<string, Sender> = {
    "raw fetch": async () => (await fetch(`${server.url}/messages`, init())).json(),
    // What the client's deadline costs on raw fetch itself: an AbortSignal and a timer per call.
    "raw fetch + deadline signal": async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        const response = await fetch(`${server.url}/messages`, { ...init(), signal: controller.signal, redirect: "manual" });
        return JSON.parse(await response.text());
      } finally {
        clearTimeout(timer);
      }
    },
    "openapi-fetch alone": () => bare.POST("/messages", { body: message }),
    "client, validate off": () => unvalidated.messages.send(message),
    client: () => client.messages.send(message),
    "client via fetch (neutral entry)": () => overFetch.messages.send(message),
    // A read: GET /leads/{id}, the path id checked as a UUID before sending.
    "raw fetch, GET lead": async () => (await fetch(`${server.url}/leads/${LEAD_ID}`, { headers: { "x-api-key": API_KEY } })).json(),
    "client, leads.get": () => client.leads.get(LEAD_ID),
  };

  console.log("Measuring latency (interleaved blocks)…");
  const latency = await measureLatency(variants, 20, 250);
  const throughput: Record<string, Record<string, number>> = {};
  for (const concurrency of [1, 16, 64]) {
    console.log(`Measuring throughput at concurrency ${concurrency}…`);
    throughput[concurrency] = await measureThroughput(
      { "raw fetch": variants["raw fetch"]!, client: variants.client! },
      concurrency,
      concurrency === 1 ? 1000 : 3000,
      3,
    );
  }
  console.log("Measuring bundle sizes and tooling…");
  const [clientBundle, openapiFetchBundle] = [await bundleSize(CLIENT_ENTRY), await bundleSize(OPENAPI_FETCH_ENTRY)];
  const tooling = await toolingTimes();

  const baseline = latency["raw fetch"]!;
  const p50Ratio = latency.client!.p50 / baseline.p50;
  const p50RatioUnvalidated = latency["client, validate off"]!.p50 / baseline.p50;
  const p50RatioRead = latency["client, leads.get"]!.p50 / latency["raw fetch, GET lead"]!.p50;
  const results = {
    node: process.version,
    latencyMicroseconds: latency,
    p50Ratio,
    p50RatioUnvalidated,
    p50RatioRead,
    p99Ratio: latency.client!.p99 / baseline.p99,
    throughputPerSecond: throughput,
    bundle: {
      client: { minified: clientBundle.minified, gzip: clientBundle.gzip },
      openapiFetch: { minified: openapiFetchBundle.minified, gzip: openapiFetchBundle.gzip },
      clientInputsMinified: clientBundle.inputs,
    },
    toolingMilliseconds: tooling,
    budgets: {
      p50Ratio: { limit: BUDGET.p50Ratio, value: p50Ratio, met: p50Ratio <= BUDGET.p50Ratio },
      p50RatioUnvalidated: {
        limit: BUDGET.p50RatioUnvalidated,
        value: p50RatioUnvalidated,
        met: p50RatioUnvalidated <= BUDGET.p50RatioUnvalidated,
      },
      p50RatioRead: { limit: BUDGET.p50Ratio, value: p50RatioRead, met: p50RatioRead <= BUDGET.p50Ratio },
      ...Object.fromEntries(
        [16, 64].map((concurrency) => {
          const ratio = throughput[concurrency]!.client! / throughput[concurrency]!["raw fetch"]!;
          return [`throughputRatio${concurrency}`, { limit: BUDGET.throughputRatio, value: ratio, met: ratio >= BUDGET.throughputRatio }];
        }),
      ),
      bundleGzipBytes: { limit: BUDGET.bundleGzipBytes, value: clientBundle.gzip, met: clientBundle.gzip <= BUDGET.bundleGzipBytes },
    },
  };

  const lines = [
    "",
    `Latency per request, sequential, loopback keep-alive (µs; ${baseline.samples} samples each)`,
    "variant                             p50       p99     p50 / raw",
    ...Object.entries(latency).map(
      ([name, { p50, p99 }]) =>
        // Reads are compared with the raw GET, sends with the raw POST.
        `${name.padEnd(32)} ${fmt(p50).padStart(7)} ${fmt(p99).padStart(9)}   ${fmt(p50 / (/GET|\.get/.test(name) ? latency["raw fetch, GET lead"]! : baseline).p50, 3).padStart(9)}`,
    ),
    "",
    "Throughput (requests/s, median of 3 interleaved rounds)",
    "concurrency   raw fetch     client   client / raw",
    ...Object.entries(throughput).map(
      ([c, rates]) =>
        `${c.padStart(11)} ${fmt(rates["raw fetch"]!).padStart(11)} ${fmt(rates.client!).padStart(10)}   ${fmt(rates.client! / rates["raw fetch"]!, 3).padStart(12)}`,
    ),
    "",
    "Bundle (esbuild, minified ESM, neutral platform)      minified     gzip",
    `client entry, local validation included           ${fmt(clientBundle.minified).padStart(9)} ${fmt(clientBundle.gzip).padStart(8)}`,
    `openapi-fetch alone                               ${fmt(openapiFetchBundle.minified).padStart(9)} ${fmt(openapiFetchBundle.gzip).padStart(8)}`,
    "  minified bytes by input: " +
      Object.entries(clientBundle.inputs)
        .sort(([, a], [, b]) => b - a)
        .map(([file, bytes]) => `${file.replace(/^.*node_modules\//, "")} ${fmt(bytes)}`)
        .join(", "),
    "",
    "Tooling (ms)",
    ...Object.entries(tooling).map(([name, ms]) => `${name.padEnd(22)} ${fmt(ms).padStart(7)}`),
    "",
    "Budgets",
    `client p50 ≤ ${BUDGET.p50Ratio}× raw fetch: ${fmt(p50Ratio, 3)}× ${results.budgets.p50Ratio.met ? "met" : "MISSED"}`,
    `client p50, validate off, ≤ ${BUDGET.p50RatioUnvalidated}× raw fetch: ${fmt(p50RatioUnvalidated, 3)}× ${results.budgets.p50RatioUnvalidated.met ? "met" : "MISSED"}`,
    `leads.get p50 ≤ ${BUDGET.p50Ratio}× raw fetch GET: ${fmt(p50RatioRead, 3)}× ${results.budgets.p50RatioRead.met ? "met" : "MISSED"}`,
    ...[16, 64].map((concurrency) => {
      const { value, met } = (results.budgets as Record<string, { value: number; met: boolean }>)[`throughputRatio${concurrency}`]!;
      return `client throughput at concurrency ${concurrency} ≥ ${BUDGET.throughputRatio}× raw fetch: ${fmt(value, 3)}× ${met ? "met" : "MISSED"}`;
    }),
    `client bundle ≤ ${BUDGET.bundleGzipBytes} B min+gzip: ${fmt(clientBundle.gzip)} B ${results.budgets.bundleGzipBytes.met ? "met" : "MISSED"}`,
  ];
  console.log(lines.join("\n"));
  const folder = new URL("./results/", import.meta.url);
  await mkdir(folder, { recursive: true });
  await writeFile(new URL("latest.json", folder), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${fileURLToPath(new URL("latest.json", folder))}`);
} finally {
  server.stop();
}

// The simulator's start and throughput, against its own budgets (bench/simulator.ts).
await benchSimulator();
