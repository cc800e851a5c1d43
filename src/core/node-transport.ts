// Which way out a Node client's call takes: node:http through keep-alive agents, unless the process has asked fetch to
// carry its requests. A test that replaces globalThis.fetch (vi.stubGlobal, MSW), before or after this module loads, or
// installs an undici dispatcher of its own (MockAgent, ProxyAgent, an Agent with its own CA) expects this client's
// calls to go through it, so they do. A dispatcher installed before this module loaded cannot be told from Node's
// own when it is an Agent: such a program passes `fetch` to the client to keep it.
import { type Exchange, fetchTransport, type Transport, untilAborted } from "./exchange.js";
import { nodeExchange } from "./node-exchange.js";

// Where undici, Node's own and the npm package alike, keeps the dispatcher fetch sends through.
const DISPATCHER = Symbol.for("undici.globalDispatcher.1");
const dispatcher = () => (globalThis as Record<symbol, unknown>)[DISPATCHER] as { constructor?: { name?: string } } | undefined;
// Node's own fetch loads its undici lazily, by this internal module's name; a stub, a mock or a polyfill installed
// before this module loaded (a test's setup file) is none of Node's, and is used. Unsure means fetch: only Node's
// fetch, recognised by its own text, is ever bypassed.
const nodeOwn = (fetch: unknown) => typeof fetch === "function" && Function.prototype.toString.call(fetch).includes("internal/deps/undici");
let seenFetch: unknown;
let seenNative = false;
// The dispatcher Node creates with its undici, which reading Response loads: any other one installed later (a
// MockAgent, a ProxyAgent, an Agent with a CA of its own) is the caller's choice.
const initialDispatcher = typeof globalThis.Response === "function" ? dispatcher() : undefined;

/** Whether fetch is as the runtime made it: Node's own, with the dispatcher Node made for it. */
function fetchIsNative(): boolean {
  const fetch = globalThis.fetch;
  if (fetch !== seenFetch) {
    seenFetch = fetch;
    seenNative = nodeOwn(fetch);
  }
  const current = dispatcher();
  return seenNative && current !== undefined && current === initialDispatcher && current.constructor?.name === "Agent";
}

// Bun and Deno resolve the "node" export condition too, and their fetch is their fastest way out. The node exchange
// takes Node's modules from process.getBuiltinModule (Node 20.16 and later): without it, fetch it is.
const runtime = globalThis as {
  process?: { versions?: Record<string, string | undefined>; getBuiltinModule?: unknown };
  Deno?: unknown;
};
const isNode =
  runtime.process?.versions?.node !== undefined &&
  runtime.process.versions.bun === undefined &&
  runtime.Deno === undefined &&
  typeof runtime.process.getBuiltinModule === "function";

/** node:http under Node while fetch is the runtime's own; the runtime's fetch otherwise, call by call. */
export const nodeTransport: Transport = (maxBytes) => {
  const fetched = fetchTransport(maxBytes);
  // fetch in place of Node's own (a stub, a mock) need not honour the deadline's signal: it is raced here.
  const viaFetch: Exchange = (request) => untilAborted(fetched(request), request.signal);
  if (!isNode) return viaFetch;
  const viaNode = nodeExchange(maxBytes);
  return ((request) => (fetchIsNative() ? viaNode : viaFetch)(request)) satisfies Exchange;
};
