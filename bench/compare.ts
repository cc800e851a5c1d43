// `tsx bench/compare.ts <baseline-dir>`: the client of this tree against the client of another checkout (its dist/,
// built there with `node scripts/build.mjs`), both beside raw fetch in the same process, in interleaved blocks whose
// order alternates, so that a before/after comparison holds on a shared, noisy machine. Prints p50s and their ratio
// to raw fetch; run it a few times and read the spread.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { requestExamples } from "../contract-tests/support/spec.js";
import { build } from "../scripts/lib/build.mjs";
import type { SendMessageRequest } from "../src/index.js";
import { loadClient } from "./entry.js";
import { measureLatency, rawSend, type Sender } from "./latency.js";

const baseline = process.argv[2];
if (!baseline) {
  console.error("usage: tsx bench/compare.ts <baseline checkout, with dist/ built>");
  process.exit(2);
}
await build();
// Each checkout's client as Node imports it: the node:http entry where its exports map has one.
const [before, after] = [await loadClient(baseline), await loadClient(fileURLToPath(new URL("..", import.meta.url)))];

const API_KEY = "nxr_live_bench_key";
const message = requestExamples("sendMessage").call as SendMessageRequest & { channel: "call" };
const child = spawn(process.execPath, [fileURLToPath(new URL("./echo-server.mjs", import.meta.url))], {
  stdio: ["ignore", "pipe", "inherit"],
});
const port = await new Promise<number>((done) => child.stdout.once("data", (chunk: Buffer) => done(JSON.parse(chunk.toString()).port)));
const url = `http://127.0.0.1:${port}`;
try {
  const clients = {
    before: before.createNexorClient({ apiKey: API_KEY, baseUrl: url }),
    after: after.createNexorClient({ apiKey: API_KEY, baseUrl: url }),
    "before, validate off": before.createNexorClient({ apiKey: API_KEY, baseUrl: url, validate: false }),
    "after, validate off": after.createNexorClient({ apiKey: API_KEY, baseUrl: url, validate: false }),
  };
  const variants: Record<string, Sender> = {
    "raw fetch": rawSend(url, API_KEY, message),
    ...Object.fromEntries(Object.entries(clients).map(([name, client]) => [name, () => client.messages.send(message)])),
  };
  const latency = await measureLatency(variants, Number(process.env.BLOCKS ?? 20), 200);
  const raw = latency["raw fetch"]!.p50;
  for (const [name, { p50 }] of Object.entries(latency))
    console.log(`${name.padEnd(22)} ${p50.toFixed(0).padStart(6)} µs  ${(p50 / raw).toFixed(3)}×`);
} finally {
  child.kill("SIGTERM");
}
