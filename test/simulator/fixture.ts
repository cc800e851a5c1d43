// The `test` of the simulator's tests: `start` runs a real simulator on a free loopback port, closed when the test
// ends; `call` sends one request over the socket and reads the answer whole.
import { test as base } from "vitest";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../simulator/index.js";

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever shape the rule under test answers with.
  body: any;
  text: string;
}

/** Sends one request to the simulator with its key (unless `headers` sets x-api-key, or `key: null` drops it). */
export async function call(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  options: { key?: string | null; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? sim.apiKey : options.key;
  if (key !== null) headers["x-api-key"] = key;
  const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${sim.baseUrl}${path}`, { method, headers, body: payload });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export type Start = (options?: SimulatorOptions) => Promise<Simulator>;

export const test = base
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; start has none.
  .extend("start", async ({}, { onCleanup }): Promise<Start> => {
    const started: Simulator[] = [];
    onCleanup(async () => {
      await Promise.all(started.map((sim) => sim.close()));
    });
    return async (options) => {
      const sim = await startSimulator(options);
      started.push(sim);
      return sim;
    };
  })
  .extend("sim", async ({ start }): Promise<Simulator> => start());
