// Reads the contract suite's settings from the environment. Every mistake is reported at once, as the variables to
// set, before a single request leaves: a live run must never start half-configured or pass silently.

import { isSecure } from "../../src/internal/config.js";
import { spec } from "../../test/support/spec.js";
import type { Channel, LiveSends, Target } from "./target.js";

/** The production base URL, used by `npm run contract:live` when `NEXOR_BASE_URL` is unset. */
export const defaultBaseUrl = "https://api.getnexor.ai/api/public";

// Generated cases per variant and per mutation unless NEXOR_CONTRACT_CASES says otherwise; small, for a quick mock run.
const defaultCases = 3;

/** The settings are unusable; its message lists what to set, one line each. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

type Environment = Record<string, string | undefined>;

const channels = (spec.components.schemas!.MessageChannel as { enum: Channel[] }).enum;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Seed and case count: `NEXOR_CONTRACT_SEED` (a random seed when unset) and `NEXOR_CONTRACT_CASES`. */
export function readRunSettings(env: Environment): Pick<Target, "seed" | "cases"> {
  const problems: string[] = [];
  const seed = wholeNumber(env, "NEXOR_CONTRACT_SEED", 0, 2 ** 32 - 1, Math.floor(Math.random() * 2 ** 32), problems);
  const cases = wholeNumber(env, "NEXOR_CONTRACT_CASES", 0, 100, defaultCases, problems);
  if (problems.length) throw new SettingsError(problems.join("\n"));
  return { seed, cases };
}

/** The live target: `NEXOR_API_KEY` required, `NEXOR_BASE_URL` optional, real sends only when fully configured. */
export function readLiveTarget(env: Environment): Target {
  const problems: string[] = [];
  const apiKey = env.NEXOR_API_KEY?.trim() ?? "";
  if (!apiKey) problems.push("NEXOR_API_KEY is not set: set it to the API key of the account to test (nxr_live_…).");
  const baseUrl = (env.NEXOR_BASE_URL?.trim() || defaultBaseUrl).replace(/\/+$/, "");
  problems.push(...baseUrlProblems(baseUrl));
  const sends = readLiveSends(env, problems);
  let run: Pick<Target, "seed" | "cases"> | undefined;
  try {
    run = readRunSettings(env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length || !run) throw new SettingsError(problems.join("\n"));
  return { kind: "live", baseUrl, apiKey, ...run, ...(sends && { sends }) };
}

// The key travels in a header, so it may only cross the network encrypted; plain http is for a server on this machine.
function baseUrlProblems(baseUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return [`NEXOR_BASE_URL is not a URL: set it to the API's base, e.g. ${defaultBaseUrl}.`];
  }
  // The client's own rule, so that the suite and the client never disagree about where the key may go.
  if (isSecure(url)) return [];
  return [
    "NEXOR_BASE_URL must be https (plain http only to localhost, 127.0.0.0/8 or [::1]): the API key would cross the network in clear text.",
  ];
}

function readLiveSends(env: Environment, problems: string[]): LiveSends | undefined {
  const listed = (env.NEXOR_LIVE_SEND ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (!listed.length) return undefined;
  const unknown = listed.filter((name) => !channels.includes(name as Channel));
  if (unknown.length) problems.push(`NEXOR_LIVE_SEND names unknown channels (${unknown.join(", ")}): list some of ${channels.join(", ")}.`);
  const leadId = uuidSetting(env, "NEXOR_LEAD_ID", "the lead that receives the real sends", problems);
  const workflowId = uuidSetting(env, "NEXOR_WORKFLOW_ID", "the workflow whose channels send them", problems);
  const templateId = uuidSetting(env, "NEXOR_TEMPLATE_ID", undefined, problems);
  if (!leadId || !workflowId || unknown.length) return undefined;
  // A channel listed twice is still sent once: a message to a lead is not idempotent.
  return { channels: [...new Set(listed as Channel[])], leadId, workflowId, ...(templateId && { templateId }) };
}

// `purpose` is given for the settings NEXOR_LIVE_SEND cannot do without.
function uuidSetting(env: Environment, name: string, purpose: string | undefined, problems: string[]): string | undefined {
  const value = env[name]?.trim();
  if (!value) {
    if (purpose) problems.push(`${name} is not set: NEXOR_LIVE_SEND sends real messages, and needs ${purpose}.`);
    return undefined;
  }
  if (uuid.test(value)) return value;
  problems.push(`${name} must be a UUID, not "${value}".`);
  return undefined;
}

function wholeNumber(env: Environment, name: string, min: number, max: number, fallback: number, problems: string[]): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  return fallback;
}

/** The line every run prints first: target, seed and case count, and what a live run will send. Never the key. */
export function describeTarget(target: Target): string {
  const sends = target.sends
    ? `real sends: ${target.sends.channels.join(", ")} to lead ${target.sends.leadId}, once each`
    : "no real sends (set NEXOR_LIVE_SEND, NEXOR_LEAD_ID and NEXOR_WORKFLOW_ID to send)";
  return [
    `contract: ${target.kind} target ${target.baseUrl}`,
    `seed ${target.seed} (NEXOR_CONTRACT_SEED=${target.seed} repeats this run)`,
    target.kind === "live"
      ? `${target.cases} cases per documented mutation (NEXOR_CONTRACT_CASES)`
      : `${target.cases} generated cases per variant and per mutation (NEXOR_CONTRACT_CASES)`,
    ...(target.kind === "live" ? [sends] : []),
  ].join("\n  ");
}
