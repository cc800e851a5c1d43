// Reads the contract suite's settings from the environment. Every mistake is reported at once, as the variables to
// set, before a single request leaves: a live run must never start half-configured or pass silently.

import { isSecure } from "../../src/internal/config.js";
import { printedInSpec } from "./cases/live-safety.js";
import { defaultTimeoutMs } from "./http.js";
import { operations } from "./operations.js";
import { missingOperations } from "./round-trips.js";
import { spec } from "./spec.js";
import type { Channel, LiveWrite, NamedIds, Target } from "./target.js";

/** The production base URL, used by a live run when `NEXOR_BASE_URL` is unset. */
export const defaultBaseUrl = "https://api.getnexor.ai/api/public";

// Generated cases per variant and random mutations per operation unless NEXOR_CONTRACT_CASES says otherwise.
const defaultCases = 3;

/** The round trips `NEXOR_LIVE_WRITE` may list. */
export const liveWrites: readonly LiveWrite[] = ["tags", "processors", "leads"];

/** The settings are unusable; its message lists what to set, one line each. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

type Environment = Record<string, string | undefined>;

const channels = (spec.components.schemas!.MessageChannel as { enum: Channel[] }).enum;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type RunSettings = Pick<Target, "seed" | "cases" | "timeoutMs" | "only">;

/**
 * Seed, case count, timeout and operations: `NEXOR_CONTRACT_SEED` (random when unset), `NEXOR_CONTRACT_CASES`,
 * `NEXOR_CONTRACT_TIMEOUT_MS`, `NEXOR_CONTRACT_OPERATIONS`.
 */
export function readRunSettings(env: Environment): RunSettings {
  const problems: string[] = [];
  const settings = runSettings(env, problems);
  if (problems.length) throw new SettingsError(problems.join("\n"));
  return settings;
}

function runSettings(env: Environment, problems: string[]): RunSettings {
  const only = operationsSetting(env, problems);
  return {
    seed: wholeNumber(env, "NEXOR_CONTRACT_SEED", 0, 2 ** 32 - 1, Math.floor(Math.random() * 2 ** 32), problems),
    cases: wholeNumber(env, "NEXOR_CONTRACT_CASES", 0, 100, defaultCases, problems),
    timeoutMs: wholeNumber(env, "NEXOR_CONTRACT_TIMEOUT_MS", 100, 600_000, defaultTimeoutMs, problems),
    ...(only && { only }),
  };
}

// A comma list of operationIds and tags; the operations they name, in the spec's order.
function operationsSetting(env: Environment, problems: string[]): string[] | undefined {
  const listed = (env.NEXOR_CONTRACT_OPERATIONS ?? "")
    .split(",")
    .map((word) => word.trim())
    .filter(Boolean);
  if (!listed.length) return undefined;
  const unknown = listed.filter((word) => !operations.some((operation) => operation.operationId === word || operation.tag === word));
  if (unknown.length) problems.push(`NEXOR_CONTRACT_OPERATIONS names no operation or tag of this contract: ${unknown.join(", ")}.`);
  return operations
    .filter((operation) => listed.includes(operation.operationId) || listed.includes(operation.tag))
    .map(({ operationId }) => operationId);
}

/**
 * The live target: `NEXOR_API_KEY` required, `NEXOR_BASE_URL` optional; the test lead's reads with
 * `NEXOR_LEAD_ID`; real sends and round trips only when fully configured.
 */
export function readLiveTarget(env: Environment): Target {
  const problems: string[] = [];
  const apiKey = env.NEXOR_API_KEY?.trim() ?? "";
  if (!apiKey) problems.push("NEXOR_API_KEY is not set: set it to the API key of the account to test (nxr_live_…).");
  // A header carries visible ASCII only: a key with a line break, a space or another character is a copy-paste
  // mistake, said here rather than reported as a server that stopped answering. The key itself is never quoted.
  else if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    problems.push(
      "NEXOR_API_KEY holds a character an HTTP header cannot carry (a line break, a space or a non-ASCII character): set it to the key exactly as Nexor shows it.",
    );
  }
  const baseUrl = (env.NEXOR_BASE_URL?.trim() || defaultBaseUrl).replace(/\/+$/, "");
  problems.push(...baseUrlProblems(baseUrl));
  const ids: NamedIds = {};
  for (const [name, key] of [
    ["NEXOR_LEAD_ID", "leadId"],
    ["NEXOR_WORKFLOW_ID", "workflowId"],
    ["NEXOR_TEMPLATE_ID", "templateId"],
  ] as const) {
    const value = uuidSetting(env, name, problems);
    if (value) ids[key] = value;
  }
  // "Not set" only when it is not: a value refused above has said so already, in its own line.
  const unset = (name: string) => !env[name]?.trim();
  const sends = listSetting(env, "NEXOR_LIVE_SEND", channels, problems);
  if (sends.length && unset("NEXOR_LEAD_ID"))
    problems.push("NEXOR_LEAD_ID is not set: NEXOR_LIVE_SEND sends real messages, and needs the lead that receives them.");
  if (sends.length && unset("NEXOR_WORKFLOW_ID")) {
    problems.push("NEXOR_WORKFLOW_ID is not set: NEXOR_LIVE_SEND sends real messages, and needs the workflow whose channels send them.");
  }
  const writes = listSetting(env, "NEXOR_LIVE_WRITE", liveWrites, problems);
  const missing = missingOperations(writes);
  if (missing.length) problems.push(`NEXOR_LIVE_WRITE needs operations this contract does not have (${missing.join(", ")}).`);
  if (writes.includes("leads") && unset("NEXOR_LEAD_ID")) {
    problems.push("NEXOR_LEAD_ID is not set: NEXOR_LIVE_WRITE=leads sets and restores a metadata field on that lead.");
  }
  if (writes.includes("processors") && unset("NEXOR_WORKFLOW_ID")) {
    problems.push("NEXOR_WORKFLOW_ID is not set: NEXOR_LIVE_WRITE=processors needs a workflow for the processor's default and its rules.");
  }
  const run = runSettings(env, problems);
  if (problems.length) throw new SettingsError(problems.join("\n"));
  return { kind: "live", baseUrl, apiKey, ...run, ids, ...(sends.length && { sends }), ...(writes.length && { writes }) };
}

// The key travels in a header, so it may only cross the network encrypted; plain http is for a server on this machine.
function baseUrlProblems(baseUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return [`NEXOR_BASE_URL is not a URL: set it to the API's base, e.g. ${defaultBaseUrl}.`];
  }
  // Never quoted back: a URL with a password in it is a secret too.
  if (url.username || url.password) {
    return ["NEXOR_BASE_URL holds a user name or password: remove them (the key goes in NEXOR_API_KEY, never in the URL)."];
  }
  // The client refuses these too: operation paths are appended to the base, and a query or fragment would swallow them.
  if (url.search || url.hash || /[?#]/.test(baseUrl)) {
    return [`NEXOR_BASE_URL has a query (?…) or a fragment (#…): set it to the API's base only, e.g. ${defaultBaseUrl}.`];
  }
  // The client's own rule, so that the suite and the client never disagree about where the key may go.
  if (isSecure(url)) return [];
  return [
    "NEXOR_BASE_URL must be https (plain http only to localhost, 127.0.0.0/8 or [::1]): the API key would cross the network in clear text.",
  ];
}

// A comma list of known words; each listed once, however often it is written (a message to a lead is not idempotent).
function listSetting<T extends string>(env: Environment, name: string, known: readonly T[], problems: string[]): T[] {
  const listed = (env[name] ?? "")
    .split(",")
    .map((word) => word.trim())
    .filter(Boolean);
  const unknown = listed.filter((word) => !known.includes(word as T));
  if (unknown.length) problems.push(`${name} names unknown values (${unknown.join(", ")}): list some of ${known.join(", ")}.`);
  return unknown.length ? [] : [...new Set(listed as T[])];
}

function uuidSetting(env: Environment, name: string, problems: string[]): string | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  // An id the spec prints is an example, not the account's: planning would refuse every case that uses it.
  if (!uuid.test(value)) problems.push(`${name} must be a UUID, not "${value}".`);
  else if (printedInSpec(value))
    problems.push(`${name} is ${value}, an example id printed in the contract: set it to an id of your own test account.`);
  else return value;
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

/** The lines every run prints first: target, seed, case count and timeout, and what a live run will do. Never the key. */
export function describeTarget(target: Target): string {
  const lines = [
    `contract: ${target.kind} target ${target.baseUrl}`,
    `seed ${target.seed} (NEXOR_CONTRACT_SEED=${target.seed} repeats this run)`,
    `${target.cases} generated bodies per variant and random mutations per operation (NEXOR_CONTRACT_CASES)`,
    `each request answered within ${target.timeoutMs} ms or the run stops (NEXOR_CONTRACT_TIMEOUT_MS)`,
    target.only ? `only ${target.only.join(", ")} (NEXOR_CONTRACT_OPERATIONS)` : "every operation (NEXOR_CONTRACT_OPERATIONS names fewer)",
  ];
  if (target.kind === "live") {
    const { leadId, workflowId } = target.ids;
    lines.push(
      target.sends?.length
        ? `real sends: ${target.sends.join(", ")} to lead ${leadId} through workflow ${workflowId}, once each`
        : "no real sends (set NEXOR_LIVE_SEND, NEXOR_LEAD_ID and NEXOR_WORKFLOW_ID to send)",
      target.writes?.length
        ? `round trips that clean up after themselves: ${target.writes.join(", ")}`
        : "no writes (NEXOR_LIVE_WRITE=tags,processors,leads opts into round trips that clean up after themselves)",
      leadId ? `reads of the test lead ${leadId}` : "no reads of a lead (set NEXOR_LEAD_ID)",
    );
  }
  return lines.join("\n  ");
}
