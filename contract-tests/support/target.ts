// What the contract suite runs against. A target is chosen by the command (`npm run contract` starts the mock,
// `npm run contract:live` and the `nexor-contract` CLI read the environment), never by the mere presence of
// environment variables.
import type { components } from "../../generated/openapi.js";

/** A delivery channel, as the spec's `MessageChannel` enum names it. */
export type Channel = components["schemas"]["MessageChannel"];

/**
 * `mock`: the embedded Prism mock. `local`: a loopback server of the self-check, sent every case. `live`: a real
 * server, sent only what the live safety table allows (see cases/live-safety.ts).
 */
export type TargetKind = "mock" | "local" | "live";

/** The writes a live run may make when the person opts in, each undone in a `finally` (see cases/round-trips.ts). */
export type LiveWrite = "tags" | "processors" | "leads";

/** The ids the person running a live run named: the test lead, the workflow that sends to it, a template. */
export interface NamedIds {
  leadId?: string;
  workflowId?: string;
  templateId?: string;
}

/** Everything a run needs to know about its server; plain data, handed from globalSetup to the test files. */
export interface Target {
  kind: TargetKind;
  /** Base URL the operation paths are appended to, e.g. `https://api.getnexor.ai/api/public`. */
  baseUrl: string;
  apiKey: string;
  /** Seeds the generated data and the mutations; printed so that a failing run can be repeated. */
  seed: number;
  /** Generated valid bodies per request variant, and seeded random mutations per operation. */
  cases: number;
  /** How long one request (the pre-flight included) may take to be answered. */
  timeoutMs: number;
  /** The operationIds to run; every operation when absent (`NEXOR_CONTRACT_OPERATIONS`). */
  only?: string[];
  ids: NamedIds;
  /** Channels to really send one message on, to `ids.leadId` through `ids.workflowId`. */
  sends?: Channel[];
  /** Round trips to make; each cleans up after itself. */
  writes?: LiveWrite[];
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    target: Target;
  }
}
