// What the contract suite runs against. A target is chosen by the command (`npm run contract` starts the mock,
// `npm run contract:live` reads the environment), never by the mere presence of environment variables.
import type { components } from "../../generated/openapi.js";

/** A delivery channel, as the spec's `MessageChannel` enum names it. */
export type Channel = components["schemas"]["MessageChannel"];

/**
 * `mock`: the embedded Prism mock. `local`: a loopback server of the self-check, sent every case. `live`: a real
 * server, sent only what is safe there (see cases/plan.ts).
 */
export type TargetKind = "mock" | "local" | "live";

/** Real sends a live run may make: one per channel, to the lead and workflow the person running it named. */
export interface LiveSends {
  channels: Channel[];
  leadId: string;
  workflowId: string;
  /** With it, the WhatsApp send is this template instead of free-form text. */
  templateId?: string;
}

/** Everything a run needs to know about its server; plain data, handed from globalSetup to the test files. */
export interface Target {
  kind: TargetKind;
  /** Base URL the operation paths are appended to, e.g. `https://api.getnexor.ai/api/public`. */
  baseUrl: string;
  apiKey: string;
  /** Seeds the generated bodies and the mutations; printed so that a failing run can be repeated. */
  seed: number;
  /** Generated valid bodies per request variant, and generated instances per mutation. */
  cases: number;
  sends?: LiveSends;
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    target: Target;
  }
}
