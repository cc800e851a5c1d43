// `@nexor/api/simulator`: a stateful, in-memory Nexor written from Nexor's documentation, for tests. Start it on a
// free loopback port, call it with the client, read back what it holds, close it.
export type { Wire } from "./modes.js";
export type { ValidationOrder } from "./route.js";
export { checkOptions, modes, operationNames, type Simulator, type SimulatorOptions, startSimulator, type WriteRecord } from "./server.js";
export type { Seed } from "./state.js";
export { DEFAULT_RETRY_DELAYS_MS, type DeliveryAttempt, NEXOR_RETRY_DELAYS_MS } from "./webhooks.js";
