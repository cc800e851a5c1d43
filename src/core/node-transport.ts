// Which way out a Node client's call takes: node:http through keep-alive agents, unless the process has asked fetch to
// carry its requests. A test that replaces globalThis.fetch (vi.stubGlobal, MSW) or installs an undici dispatcher of its
// own (MockAgent, ProxyAgent, EnvHttpProxyAgent) expects this client's calls to go through it, so they do.
import { type Exchange, fetchTransport, type Transport } from "./exchange.js";
import { nodeExchange } from "./node-exchange.js";

// Where undici, Node's own and the npm package alike, keeps the dispatcher fetch sends through.
const DISPATCHER = Symbol.for("undici.globalDispatcher.1");
/** The fetch of the process when this module loaded: a different one later is a replacement. */
const loadedFetch = globalThis.fetch;

/** Whether fetch is as the runtime made it: not replaced, and no dispatcher but Node's own plain agent installed. */
function fetchIsNative(): boolean {
  if (globalThis.fetch !== loadedFetch) return false;
  const dispatcher = (globalThis as Record<symbol, unknown>)[DISPATCHER] as { constructor?: { name?: string } } | undefined;
  return dispatcher === undefined || dispatcher.constructor?.name === "Agent";
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
  const viaFetch = fetchTransport(maxBytes);
  if (!isNode) return viaFetch;
  const viaNode = nodeExchange(maxBytes);
  return ((request) => (fetchIsNative() ? viaNode : viaFetch)(request)) satisfies Exchange;
};
