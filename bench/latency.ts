// Per-request latency and throughput of the client against raw fetch, measured side by side: every variant runs in
// each block, blocks alternate their order, and the figures that matter are ratios within one run.

/** One way of sending the message; resolves once the response body is read. */
export type Sender = () => Promise<unknown>;

/** The baseline every ratio is against: the message POSTed with raw fetch and its JSON read, `init` added to the call. */
export const rawSend =
  (baseUrl: string, apiKey: string, message: unknown, init: () => RequestInit = () => ({})): Sender =>
  async () =>
    (
      await fetch(`${baseUrl}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": apiKey },
        body: JSON.stringify(message),
        ...init(),
      })
    ).json();

/** Latency percentiles of one variant, in microseconds. */
export interface Latency {
  samples: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.floor(p * (sorted.length - 1))] ?? Number.NaN;

/** Runs `blocks` rounds of `perBlock` sequential requests per variant, interleaved, after a warm-up of each. */
export async function measureLatency(variants: Record<string, Sender>, blocks: number, perBlock: number): Promise<Record<string, Latency>> {
  const names = Object.keys(variants);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) for (let i = 0; i < perBlock; i++) await variants[name]!();
  for (let block = 0; block < blocks; block++) {
    const order = block % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      for (let i = 0; i < perBlock; i++) {
        const started = performance.now();
        await variants[name]!();
        samples[name]!.push((performance.now() - started) * 1000);
      }
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = samples[name]!.sort((a, b) => a - b);
      return [name, { samples: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) }];
    }),
  );
}

/** Requests per second of each variant at a concurrency: the median of `rounds` interleaved runs of `count` requests. */
export async function measureThroughput(
  variants: Record<string, Sender>,
  concurrency: number,
  count: number,
  rounds: number,
): Promise<Record<string, number>> {
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? Object.keys(variants) : Object.keys(variants).reverse();
    for (const name of order) {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < count) await variants[name]!();
        }),
      );
      rates[name]!.push(count / ((performance.now() - started) / 1000));
    }
  }
  return Object.fromEntries(
    Object.entries(rates).map(([name, values]) => [name, values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!]),
  );
}
