// `tsx bench/overhead.ts [baseline-dir] [--loopback]`: the client's own fixed cost per call, in CPU time of this
// process, in interleaved blocks: on a shared machine the low quantiles hold when wall-clock figures do not. With a
// baseline checkout (its dist/ built), its client runs beside this one.
// Without a network (the default): the runtime's fetch is replaced by one that builds the undici Request as fetch
// would (the caller's signal linked to it) and answers at once, and each checkout's neutral entry is measured, so what
// is counted is the client and fetch's request handling, not loopback or the server.
// With --loopback: each checkout's client as Node imports it (the node:http entry where there is one) and raw fetch
// against the keep-alive echo server, which runs in a process of its own, so its work is not counted: the cost of a
// whole call on the client's side, transport included.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { requestExamples } from "../contract-tests/support/spec.js";
import { build } from "../scripts/lib/build.mjs";
import type { SendMessageRequest } from "../src/index.js";
import { loadClient } from "./entry.js";
import { rawSend } from "./latency.js";

type ClientModule = typeof import("../src/index.js");
await build();
const loopback = process.argv.includes("--loopback");
const baseline = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
const checkouts: Record<string, string> = { this: fileURLToPath(new URL("..", import.meta.url)) };
if (baseline) checkouts.baseline = baseline;

const API_KEY = "nxr_live_bench_key";
const message = requestExamples("sendMessage").call as SendMessageRequest & { channel: "call" };
let url = "http://127.0.0.1:9";
let stop = () => undefined as unknown;
let load = loadClient;
if (loopback) {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./echo-server.mjs", import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((done) => child.stdout.once("data", (chunk: Buffer) => done(JSON.parse(chunk.toString()).port)));
  url = `http://127.0.0.1:${port}`;
  stop = () => child.kill("SIGTERM");
} else {
  const answer = JSON.stringify({ success: true, channel: "call", message_id: null, call_id: "7c6b5a49-3d2e-4f1a-8b9c-0d1e2f3a4b5c" });
  const NativeRequest = globalThis.Request;
  globalThis.fetch = async (input, init) => {
    const request = new NativeRequest(input, init);
    await request.text();
    return new Response(answer, { status: 200, headers: { "content-type": "application/json", "content-length": String(answer.length) } });
  };
  // The neutral entry: the node entry would send past a replaced fetch only if it had loaded before it, and there is
  // no server here for node:http to reach.
  load = (dir: string) => import(pathToFileURL(resolve(dir, "dist/src/index.js")).href) as Promise<ClientModule>;
}

const variants: Record<string, () => Promise<unknown>> = {
  "raw fetch": rawSend(url, API_KEY, message),
};
for (const [name, dir] of Object.entries(checkouts)) {
  const { createNexorClient } = await load(dir);
  const client = createNexorClient({ apiKey: API_KEY, baseUrl: url });
  const unvalidated = createNexorClient({ apiKey: API_KEY, baseUrl: url, validate: false });
  variants[`${name}: messages.send`] = () => client.messages.send(message);
  variants[`${name}: validate off`] = () => unvalidated.messages.send(message);
}

const PER_BLOCK = loopback ? 500 : 2_000;
const BLOCKS = Number(process.env.BLOCKS ?? 15);
const names = Object.keys(variants);
const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
try {
  for (const name of names) for (let i = 0; i < PER_BLOCK; i++) await variants[name]!();
  for (let block = 0; block < BLOCKS; block++) {
    for (const name of block % 2 === 0 ? names : [...names].reverse()) {
      const started = process.cpuUsage();
      for (let i = 0; i < PER_BLOCK; i++) await variants[name]!();
      const { user, system } = process.cpuUsage(started);
      samples[name]!.push((user + system) / PER_BLOCK);
    }
  }
} finally {
  stop();
}
const at = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;
const raw = at(samples["raw fetch"]!, 0.5);
console.log(
  `CPU µs per call${loopback ? " on loopback (this process only)" : ", no network"}, ${BLOCKS} interleaved blocks of ${PER_BLOCK}: lowest, lower quartile, median, median / raw fetch`,
);
for (const name of names) {
  const values = samples[name]!;
  console.log(
    `${name.padEnd(28)} ${[0, 0.25, 0.5].map((q) => at(values, q).toFixed(1).padStart(7)).join(" ")} ${(at(values, 0.5) / raw).toFixed(2).padStart(7)}×`,
  );
}
