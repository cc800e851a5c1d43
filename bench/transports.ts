// `tsx bench/transports.ts`: what one POST costs on loopback keep-alive through each way Node can send it, before any
// client code: raw fetch, fetch with the client's deadline (an AbortController, a timer, redirect "manual"), and
// node:http's request with a keep-alive Agent and a deadline by timer and req.destroy. Latency p50 per variant in
// interleaved blocks, and CPU time per call of this process (the server runs in its own), so the comparison holds on
// a loaded machine. It decides whether a node:http transport is worth having.
import { spawn } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { requestExamples } from "../contract-tests/support/spec.js";
import type { Sender } from "./latency.js";

const API_KEY = "nxr_live_bench_key";
const message = requestExamples("sendMessage").call;
const child = spawn(process.execPath, [fileURLToPath(new URL("./echo-server.mjs", import.meta.url))], {
  stdio: ["ignore", "pipe", "inherit"],
});
const port = await new Promise<number>((done) => child.stdout.once("data", (chunk: Buffer) => done(JSON.parse(chunk.toString()).port)));
const base = `http://127.0.0.1:${port}`;
const headers = () => ({ "content-type": "application/json", "x-api-key": API_KEY });

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
/** node:http POST, the body read whole, with one timer as the deadline that destroys the request. */
const httpSend = (timeoutMs: number): Sender => {
  const url = new URL(`${base}/messages`);
  return () =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(message);
      const request = httpRequest(
        url,
        { method: "POST", agent, headers: { ...headers(), "content-length": Buffer.byteLength(body) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            clearTimeout(timer);
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          });
          response.on("error", reject);
        },
      );
      const timer = setTimeout(() => request.destroy(new Error("timeout")), timeoutMs);
      request.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end(body);
    });
};

const variants: Record<string, Sender> = {
  "raw fetch": async () => (await fetch(`${base}/messages`, { method: "POST", headers: headers(), body: JSON.stringify(message) })).json(),
  "fetch + signal + timer": async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    try {
      const response = await fetch(`${base}/messages`, {
        method: "POST",
        headers: headers(),
        body: JSON.stringify(message),
        signal: controller.signal,
        redirect: "manual",
      });
      return JSON.parse(await response.text());
    } finally {
      clearTimeout(timer);
    }
  },
  "node:http keep-alive + timer": httpSend(30_000),
};

const BLOCKS = Number(process.env.BLOCKS ?? 16);
const PER_BLOCK = Number(process.env.PER_BLOCK ?? 300);
const names = Object.keys(variants);
const latency: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
for (const name of names) for (let i = 0; i < PER_BLOCK; i++) await variants[name]!();
for (let block = 0; block < BLOCKS; block++) {
  for (const name of block % 2 === 0 ? names : [...names].reverse()) {
    const used = process.cpuUsage();
    for (let i = 0; i < PER_BLOCK; i++) {
      const started = performance.now();
      await variants[name]!();
      latency[name]!.push((performance.now() - started) * 1000);
    }
    const { user, system } = process.cpuUsage(used);
    cpu[name]!.push((user + system) / PER_BLOCK);
  }
}
// Throughput at concurrency 16 and 64: the median of 3 interleaved rounds.
const throughput: Record<string, Record<number, number>> = Object.fromEntries(names.map((name) => [name, {}]));
for (const concurrency of [16, 64]) {
  const rates: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < 3; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < 3000) await variants[name]!();
        }),
      );
      rates[name]!.push(3000 / ((performance.now() - started) / 1000));
    }
  }
  for (const name of names) throughput[name]![concurrency] = rates[name]!.sort((a, b) => a - b)[1]!;
}
const at = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;
const raw = {
  p50: at(latency["raw fetch"]!, 0.5),
  cpu: at(cpu["raw fetch"]!, 0.5),
  t16: throughput["raw fetch"]![16]!,
  t64: throughput["raw fetch"]![64]!,
};
console.log(`${BLOCKS} interleaved blocks of ${PER_BLOCK}; throughput: median of 3 rounds of 3,000 calls`);
console.log("variant                          p50 µs  /raw   CPU µs/call  /raw   req/s c16  /raw   req/s c64  /raw");
for (const name of names) {
  const p50 = at(latency[name]!, 0.5);
  const perCall = at(cpu[name]!, 0.5);
  const { 16: t16, 64: t64 } = throughput[name]!;
  console.log(
    `${name.padEnd(30)} ${p50.toFixed(0).padStart(8)} ${(p50 / raw.p50).toFixed(2).padStart(5)} ${perCall.toFixed(1).padStart(12)} ${(perCall / raw.cpu).toFixed(2).padStart(5)} ${t16!.toFixed(0).padStart(11)} ${(t16! / raw.t16).toFixed(2).padStart(5)} ${t64!.toFixed(0).padStart(11)} ${(t64! / raw.t64).toFixed(2).padStart(5)}`,
  );
}
agent.destroy();
child.kill("SIGTERM");
