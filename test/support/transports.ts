// The two ways a client's call leaves under Node, for the tests that exercise the wire: the runtime's fetch (what the
// neutral entry, browsers and edge runtimes use) and node:http's keep-alive agents (what the "node" export condition
// gives). Every guarantee of the wire holds on both, so those tests run once over each.
import { createNexorClient as overFetch } from "../../src/client.js";
import { fetchTransport, type Transport } from "../../src/core/exchange.js";
import { nodeTransport } from "../../src/core/node-transport.js";
import { createNexorClient as overNode } from "../../src/node.js";

export interface TransportCase {
  name: string;
  /** createNexorClient as the entry of this transport exports it. */
  createNexorClient: typeof overFetch;
  transport: Transport;
}

export const transports: readonly TransportCase[] = [
  { name: "fetch", createNexorClient: overFetch, transport: fetchTransport },
  { name: "node:http", createNexorClient: overNode, transport: nodeTransport },
];
