// The live contract run judged by a server it did not write: the simulator (simulator/), written from Nexor's docs
// alone. A run is started against a fresh simulator exactly as a person starts it (runLive with the environment
// variables), and the simulator's own records say what the run did to the account: the writes it recorded, and its
// state before and after.

import { type Simulator, type SimulatorOptions, startSimulator } from "../../simulator/index.js";
import { type LiveOptions, runLive } from "../cli/run-live.js";

/** The opt-ins of a live run against the simulator: none, the test lead's reads and sends, or every write and send. */
export type OptIns = "none" | "sends" | "all";

export interface JudgedRun {
  code: number;
  output: string;
  writes: Simulator["writes"];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  seed: Simulator["seed"];
  apiKey: string;
}

/** The environment a person would set to run the live suite against this simulator, with `optIns`. */
export function liveEnvironment(simulator: Simulator, seed: number, optIns: OptIns): Record<string, string> {
  const env: Record<string, string> = {
    NEXOR_API_KEY: simulator.apiKey,
    NEXOR_BASE_URL: simulator.baseUrl,
    NEXOR_CONTRACT_SEED: String(seed),
  };
  if (optIns !== "none") {
    Object.assign(env, {
      NEXOR_LEAD_ID: simulator.seed.leadId,
      NEXOR_WORKFLOW_ID: simulator.seed.workflowId,
      NEXOR_TEMPLATE_ID: simulator.seed.templateIds[0]!,
      NEXOR_LIVE_SEND: "whatsapp,email,call",
    });
  }
  if (optIns === "all") env.NEXOR_LIVE_WRITE = "tags,processors,leads";
  return env;
}

/** Runs `npm run contract:live`'s code against a fresh simulator started with `options`. */
export async function judgeLive(
  options: SimulatorOptions,
  seed: number,
  optIns: OptIns,
  extra: Record<string, string> = {},
  live: LiveOptions = {},
) {
  const simulator = await startSimulator(options);
  try {
    const before = simulator.state();
    const lines: string[] = [];
    const code = await runLive({ ...liveEnvironment(simulator, seed, optIns), ...extra }, (line) => lines.push(line), live);
    return {
      code,
      output: lines.join("\n"),
      writes: [...simulator.writes],
      before,
      after: simulator.state(),
      seed: simulator.seed,
      apiKey: simulator.apiKey,
    } satisfies JudgedRun;
  } finally {
    await simulator.close();
  }
}

type Records = Record<string, Record<string, Record<string, unknown>>>;

/**
 * The state after a run with every opt-in, less what Nexor's docs say cannot be undone, so that it must deep-equal the
 * state before. Excluded, and only these:
 * - the test lead's `updated_at` (and the simulator's `update_seq` beside it): setting and restoring a metadata field
 *   is two real updates, and no request sets an update time back;
 * - the test lead's `metadata.nexor_contract_check`, only when it did not exist before and is `""` after: metadata
 *   merges on update and takes strings, numbers and booleans, never null, so a key cannot be removed;
 * - processors the run created that are now inactive and without rules: `DELETE /processors/{id}` is a soft delete
 *   (it "sets the processor inactive"), and the run deletes the rules it made before it;
 * - the history entries the real sends added to the test lead: a sent message cannot be unsent.
 */
export function withoutIrreversible(run: Pick<JudgedRun, "before" | "after" | "seed">): Record<string, unknown> {
  const before = run.before as Records;
  const after = structuredClone(run.after) as Records & { history: unknown[] };
  const leadId = run.seed.leadId;
  const lead = after.leads?.[leadId];
  const leadBefore = before.leads?.[leadId];
  if (lead && leadBefore) {
    lead.updated_at = leadBefore.updated_at;
    if ("update_seq" in leadBefore) lead.update_seq = leadBefore.update_seq;
    const metadata = lead.metadata as Record<string, unknown> | undefined;
    const metadataBefore = leadBefore.metadata as Record<string, unknown> | undefined;
    if (metadata && !(metadataBefore && "nexor_contract_check" in metadataBefore) && metadata.nexor_contract_check === "") {
      delete metadata.nexor_contract_check;
    }
  }
  const rulesOf = (processorId: string) => Object.values(after.rules ?? {}).filter((rule) => rule.processor_id === processorId);
  for (const [id, processor] of Object.entries(after.processors ?? {})) {
    if (!before.processors?.[id] && processor.is_active === false && !rulesOf(id).length) delete after.processors![id];
  }
  const kept = ((run.before as { history?: unknown[] }).history ?? []).length;
  after.history = after.history.filter((entry, index) => index < kept || (entry as { lead_id?: string }).lead_id !== leadId);
  return after;
}
