// The package's entry under Node (the "node" export condition): everything the neutral entry exports, with a client
// whose calls go out through node:http's keep-alive agents instead of fetch, at about half of fetch's cost per call.
// Bundles for browsers and edge runtimes never resolve this file, so the neutral entry carries no node: import.
import { methodTree } from "../generated/operations.js";
import { type ClientOptions, createCore, type NexorClient, resources } from "./client.js";
import { nodeTransport } from "./core/node-transport.js";

export * from "./index.js";

/** Creates a client. Throws ConfigurationError, before any request, when the key or base URL cannot be used. */
export function createNexorClient(options: ClientOptions = {}): NexorClient {
  return resources(createCore(options, nodeTransport), methodTree) as unknown as NexorClient;
}
