// The self-check's test: the shared fixtures of test/support/fixtures.ts, and `simulator(options)`, a simulator (a
// Nexor written from the docs) behind a loopback proxy that records every request and the reply it got, both
// closed when the test ends.
import { type Simulator, type SimulatorOptions, startSimulator } from "../../simulator/index.js";
import { test as base } from "../../test/support/fixtures.js";

/** A request as the simulator received it, with its reply. */
export interface RecordedCall {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
  reply: { status: number; body: string };
}

/** A running simulator, reached through a recording proxy at `url` (the API's base URL, `/api/public` included). */
export interface RecordedSimulator {
  url: string;
  simulator: Simulator;
  calls: RecordedCall[];
}

/** Forwards one request to the simulator and answers with its reply, recording both. */
export async function forward(simulator: Simulator, calls: RecordedCall[], request: Omit<RecordedCall, "reply">) {
  const answer = await fetch(`http://127.0.0.1:${simulator.port}${request.path}`, {
    method: request.method,
    headers: Object.fromEntries(
      Object.entries(request.headers).filter(([name, value]) => value !== undefined && /^(x-api-key|content-type|accept)$/.test(name)),
    ) as Record<string, string>,
    ...(request.body && { body: request.body }),
  });
  const reply = { status: answer.status, body: await answer.text(), contentType: answer.headers.get("content-type") ?? "" };
  calls.push({ ...request, reply: { status: reply.status, body: reply.body } });
  return reply;
}

/** A reply the proxy sends: the simulator's, or one a test's tamper made. */
export type ProxyReply = { status: number; body: string; contentType: string };

/**
 * What the proxy does with one request, for a test that needs a server breaking a promise the simulator keeps:
 * answer it itself, forward it with another body (`pass(body)`), or change the simulator's reply. The default
 * forwards it unchanged. Only forwarded requests are recorded in `calls`.
 */
export type Tamper = (
  request: { method: string; path: string; body: string },
  pass: (body?: string) => Promise<ProxyReply>,
) => Promise<ProxyReply>;

export const test = base.extend(
  "simulator",
  async ({ serve }, { onCleanup }): Promise<(options?: SimulatorOptions, tamper?: Tamper) => Promise<RecordedSimulator>> =>
    async (options = {}, tamper = (_request, pass) => pass()) => {
      const simulator = await startSimulator(options);
      onCleanup(() => simulator.close());
      const calls: RecordedCall[] = [];
      const proxy = await serve(async (request, response) => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]),
        );
        const reply = await tamper(request, (body = request.body) =>
          forward(simulator, calls, { method: request.method, path: request.path, headers, body }),
        );
        response.writeHead(reply.status, { "content-type": reply.contentType }).end(reply.body);
      });
      return { url: `${proxy.url}/api/public`, simulator, calls };
    },
);
