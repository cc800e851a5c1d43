// `--replay PATH`: sends again exactly the exchanges of an NDJSON report whose `failures` are not empty, in order,
// and nothing else (no pre-flight), judges them again, and exits 1 if any still fails. Each request is rebuilt from
// its recorded case (the same path, ids, query and body) against the target the live run reads (NEXOR_BASE_URL, or
// the default base URL), with the key from NEXOR_API_KEY: a report is a file anyone can hand over, so its base URL
// never chooses where the key goes; a report recorded against another server is refused. Live safety still applies,
// from this run's settings and never from the file's flags: every case is checked against the live safety table, a
// real message is sent again only when NEXOR_LIVE_SEND lists its channel again and it goes to this run's
// NEXOR_LEAD_ID through its NEXOR_WORKFLOW_ID (and never twice in one process); a step of a round trip is never
// replayed alone, as it would write without the clean-up around it. The answers are heard for drift as in a run: the
// same "Drift" list on the terminal and in the reports, failing the replay only under --fail-on-drift.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { ContractCase } from "../support/cases/contract-case.js";
import { liveSafetyProblems } from "../support/cases/live-safety.js";
import { driftLines } from "../support/drift/format.js";
import { operationById } from "../support/operations.js";
import { redact } from "../support/redact.js";
import { coverageOf } from "../support/reports/coverage.js";
import type { ExchangeRecord } from "../support/reports/exchange-record.js";
import { notReallyTested } from "../support/reports/hollow.js";
import type { RunSummary } from "../support/reports/run-summary.js";
import { runPlan } from "../support/runner.js";
import type { Target } from "../support/target.js";
import { driftProblems, type LiveOptions, liveTargetOrRefusal, openReporter, type Print, printFindings, printSummary } from "./run-live.js";

/** The failed exchanges of an NDJSON report, and the base URL of the run that wrote it. */
async function failedExchanges(path: string): Promise<{ baseUrl?: string; failed: ExchangeRecord[] }> {
  const failed: ExchangeRecord[] = [];
  let baseUrl: string | undefined;
  let number = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
    number++;
    if (!line.trim()) continue;
    let value: { type?: unknown; baseUrl?: unknown; failures?: unknown; case?: unknown };
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${number} is not JSON`);
    }
    if (value.type === "run" && typeof value.baseUrl === "string") baseUrl = value.baseUrl;
    if (value.type !== "exchange") continue;
    if (!Array.isArray(value.failures) || !value.case || typeof value.case !== "object") {
      throw new Error(`line ${number} is an exchange without a case or failures`);
    }
    // Only what a replay needs is kept: the case and its failures, never the recorded bodies.
    if (value.failures.length) failed.push({ case: value.case, failures: value.failures } as ExchangeRecord);
  }
  return { ...(baseUrl && { baseUrl }), failed };
}

/** Replays the failed exchanges of the NDJSON report at `path`; resolves to the exit code. */
export async function runReplay(
  path: string,
  env: Record<string, string | undefined>,
  print: Print,
  options: LiveOptions = {},
): Promise<number> {
  let report: Awaited<ReturnType<typeof failedExchanges>>;
  try {
    report = await failedExchanges(path);
  } catch (error) {
    print(`contract: cannot replay ${path}: ${(error as Error).message}`);
    return 2;
  }
  const target = liveTargetOrRefusal(env, print);
  if (!target) return 2;
  const hide = (text: string) => redact(text, [target.apiKey]);
  const recordedAt = report.baseUrl?.replace(/\/+$/, "");
  if (recordedAt !== undefined && recordedAt !== target.baseUrl) {
    const there = hide(recordedAt);
    print(`contract: cannot start: the report was recorded against ${there}; set NEXOR_BASE_URL=${there} to replay there`);
    return 2;
  }
  const reporter = openReporter(target, options, "replay", env, print);
  if (!reporter) return 2;

  const cases: ContractCase[] = [];
  for (const { case: recorded } of report.failed) {
    const skipped = whyNotReplayed(recorded, target);
    if (skipped) print(hide(`  - ${recorded.operationId}: ${recorded.name}: not replayed: ${skipped}`));
    else cases.push(recorded);
  }
  print(`contract: replaying ${cases.length} of ${report.failed.length} failed exchanges of ${path} against ${target.baseUrl}, in order`);
  const run = await runPlan(target, cases, (result) => {
    reporter.record(result);
    const mark = result.failures.length ? "✗ still fails" : "✓ now holds";
    print(`  ${mark}: ${result.case.operationId}: ${result.case.name}`);
  });
  const operationIds = [...new Set(cases.map((contractCase) => contractCase.operationId))];
  const drift = reporter.drift.report();
  const drifted = driftProblems(drift, options.failOnDrift);
  const summary: RunSummary = {
    baseUrl: target.baseUrl,
    seed: target.seed,
    operationIds,
    outcomes: reporter.outcomes,
    notRun: run.notRun.map(({ operationId, name }) => ({ operationId, name })),
    coverage: coverageOf(reporter.outcomes, operationIds),
    notReallyTested: notReallyTested(reporter.outcomes),
    problems: [...(run.stoppedBy ? [hide(`stopped: ${target.baseUrl} stopped answering (${run.stoppedBy.message})`)] : []), ...drifted],
    drift,
  };
  printFindings(summary, target.seed, print);
  for (const line of driftLines(drift, options.failOnDrift === true)) print(line);
  for (const problem of summary.problems) print(`contract: ${problem}`);
  for (const line of reporter.finish(summary, env)) print(line);
  printSummary(summary, print);
  return run.results.some((result) => result.failures.length) || run.stoppedBy || drifted.length ? 1 : 0;
}

// Why a recorded case is not sent again, judged by this run's settings alone; undefined when it may be.
function whyNotReplayed(recorded: ContractCase, target: Target): string | undefined {
  if (recorded.phase === "round-trip") return "a round-trip step alone would write without its clean-up";
  let problems: string[];
  try {
    problems = liveSafetyProblems(operationById(recorded.operationId), recorded, target.ids);
  } catch (error) {
    return (error as Error).message;
  }
  if (problems.length) return `the live safety table refuses it with this run's settings: ${problems.join("; ")}`;
  if (recorded.phase === "send" || recorded.once) {
    if (!sendsAgain(recorded, target)) {
      return "a real message: sent again only when NEXOR_LIVE_SEND lists its channel and it goes to this run's NEXOR_LEAD_ID through its NEXOR_WORKFLOW_ID";
    }
  }
  return undefined;
}

// A real send is repeated only when the person lists its channel in NEXOR_LIVE_SEND for this replay too, and only to
// the lead and through the workflow this run names: a file's own ids and flags decide nothing.
function sendsAgain(contractCase: ContractCase, target: Target): boolean {
  if (contractCase.phase !== "send" || !target.ids.leadId || !target.ids.workflowId) return false;
  try {
    const body = JSON.parse(contractCase.body ?? "") as { channel?: unknown; lead_id?: unknown; workflow_id?: unknown };
    return (
      typeof body.channel === "string" &&
      (target.sends ?? []).includes(body.channel as never) &&
      body.lead_id === target.ids.leadId &&
      body.workflow_id === target.ids.workflowId
    );
  } catch {
    return false;
  }
}
