// The live contract run without vitest: `npm run contract:live` here, `npx @nexor/contract` in another repo. It reads
// the settings, checks with one request that the server answers at all, sends the plan one case at a time, and
// prints one line per operation, then a report of every broken promise. Exit code: 0 every promise kept, 1 a
// promise broken (or the server stopped answering mid-run), 2 the run could not start (settings, pre-flight).
import type { ContractCase } from "../support/cases/contract-case.js";
import { planCases, selected } from "../support/cases/plan.js";
import { freshId } from "../support/cases/values.js";
import type { DriftReport } from "../support/drift/collect.js";
import { driftLines } from "../support/drift/format.js";
import { NoAnswerError, send } from "../support/http.js";
import { operations } from "../support/operations.js";
import { redact } from "../support/redact.js";
import { coverageHeader, coverageOf, coverageRows, missedCoverage } from "../support/reports/coverage.js";
import { notReallyTested } from "../support/reports/hollow.js";
import { Reporter, type ReportRequest } from "../support/reports/reporter.js";
import type { RunSummary } from "../support/reports/run-summary.js";
import { foldFailures, formatFolded, formatTally } from "../support/reports/summary.js";
import { roundTripsFor } from "../support/round-trips.js";
import { buildRequest, type CaseResult, runPlan } from "../support/runner.js";
import { describeTarget, readLiveTarget, SettingsError } from "../support/settings.js";
import type { Target } from "../support/target.js";
import { version } from "./options.js";

/** Where the run writes: one call per line of output. */
export type Print = (line: string) => void;

/** What the command line adds to the variables: the reports to write, and whether missed coverage or drift fails the run. */
export interface LiveOptions {
  reports?: readonly ReportRequest[];
  failOnMissingCoverage?: boolean;
  failOnDrift?: boolean;
}

/** Reads the live target from `env`; a refused setting is printed as one line per problem (exit 2). */
export function liveTargetOrRefusal(env: Record<string, string | undefined>, print: Print): Target | undefined {
  try {
    return readLiveTarget(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    // One line per refused setting, each saying what to set; never a stack trace.
    for (const problem of error.message.split("\n")) print(`contract: cannot start: ${problem}`);
    return undefined;
  }
}

/** Opens the reports before anything is sent; a path that cannot be written is one line, and the run does not start. */
export function openReporter(
  target: Target,
  options: LiveOptions,
  command: string,
  env: Record<string, string | undefined>,
  print: Print,
): Reporter | undefined {
  try {
    const run = { baseUrl: target.baseUrl, seed: target.seed, version, command };
    return new Reporter(options.reports ?? [], run, env.GITHUB_STEP_SUMMARY);
  } catch (error) {
    print(`contract: cannot start: a report cannot be written (${(error as Error).message})`);
    return undefined;
  }
}

/** Runs the live contract suite with the settings in `env`; resolves to the exit code. */
export async function runLive(env: Record<string, string | undefined>, print: Print, options: LiveOptions = {}): Promise<number> {
  const target = liveTargetOrRefusal(env, print);
  if (!target) return 2;
  const hide = (text: string) => redact(text, [target.apiKey]);
  print(describeTarget(target));
  const reporter = openReporter(target, options, "run", env, print);
  if (!reporter) return 2;

  // Planning first, then the pre-flight, then the cases at once. Planning is a second or more of CPU with nothing else
  // running (several on a loaded CI machine): made after the pre-flight, it left the pre-flight's connection idle that
  // long, and a server that closes idle connections sooner (Node's default is 5 s) closed it just as the first case,
  // a POST that cannot be sent again, went out on it: "connection closed without an answer", and the run stopped.
  const cases = planCases(target);
  const trips = roundTripsFor(target);
  const preflight = await preflightProblem(target);
  if (preflight) {
    print(hide(preflight));
    return 2;
  }

  const { requests, bound } = runBound(target, cases, trips);
  print(
    `  at most ${count(requests, "request")} for ${count(selected(target).length, "operation")}, one at a time: the run ends within ${bound} s even if each takes the whole timeout`,
  );

  let current: { operationId: string; results: CaseResult[] } | undefined;
  const flush = () => {
    if (!current) return;
    const broken = current.results.filter((result) => result.failures.length).length;
    const total = current.results.length;
    print(
      broken ? `  ✗ ${current.operationId}: ${broken} of ${total} cases broke a promise` : `  ✓ ${current.operationId}: ${total} cases`,
    );
  };
  const report = await runPlan(target, cases, (result) => {
    reporter.record(result);
    // The exchange has been recorded: its bodies are dropped, so that a run's memory does not grow with its answers.
    delete result.exchange;
    delete result.sent;
    if (current?.operationId !== result.case.operationId) {
      flush();
      current = { operationId: result.case.operationId, results: [] };
    }
    current.results.push(result);
  });
  flush();

  // The round trips the person opted into, once every case has been answered.
  const results = [...report.results];
  const leftBehind: string[] = [];
  const notes: string[] = [];
  let stoppedBy = report.stoppedBy;
  for (const trip of stoppedBy ? [] : trips) {
    const done = await trip.run(target, (result) => reporter.record(result));
    results.push(...done.results);
    leftBehind.push(...done.leftBehind);
    const broken = done.results.filter((result) => result.failures.length).length;
    const mark = broken || done.leftBehind.length ? "✗" : "✓";
    print(`  ${mark} ${trip.write} round trip: ${count(done.results.length, "step")}${broken ? `, ${broken} broke a promise` : ""}`);
    for (const note of done.notes) print(hide(`    note: ${note}`));
    notes.push(...done.notes);
    stoppedBy ??= done.stoppedBy;
    if (stoppedBy) break;
  }

  const problems = [
    ...leftBehind.map((left) => hide(`clean-up failed: ${left}`)),
    ...(stoppedBy
      ? [hide(`stopped: ${target.baseUrl} stopped answering (${stoppedBy.message}); ${report.notRun.length} cases not run`)]
      : []),
  ];
  const operationIds = selected(target).map((operation) => operation.operationId);
  const coverage = coverageOf(reporter.outcomes, operationIds);
  const missed = options.failOnMissingCoverage ? missedCoverage(coverage) : [];
  const drift = reporter.drift.report();
  const drifted = driftProblems(drift, options.failOnDrift);
  const summary: RunSummary = {
    baseUrl: target.baseUrl,
    seed: target.seed,
    operationIds,
    outcomes: reporter.outcomes,
    notRun: report.notRun.map(({ operationId, name }) => ({ operationId, name })),
    coverage,
    notReallyTested: notReallyTested(reporter.outcomes),
    problems: [...problems, ...missed.map((line) => `coverage missed (--fail-on-missing-coverage): ${line}`), ...drifted],
    drift,
  };
  printFindings(summary, target.seed, print);
  for (const line of driftLines(drift, options.failOnDrift === true)) print(line);
  for (const problem of problems) print(`contract: ${problem}`);
  for (const line of missed) print(`contract: coverage missed: ${line}`);
  for (const line of reporter.finish(summary, env)) print(line);
  const failed = results.filter((result) => result.failures.length).length;
  printSummary(summary, print);
  return failed || stoppedBy || leftBehind.length || missed.length || drifted.length ? 1 : 0;
}

/**
 * The most requests a live run of `target` sends, and the seconds within which it ends even if each takes the whole
 * timeout. The shipped workflows derive their `timeout-minutes` from this (a self-check test holds them to it).
 */
export function runBound(target: Target, cases = planCases(target), trips = roundTripsFor(target)): { requests: number; bound: number } {
  const requests =
    preflightRequests + cases.filter((contractCase) => !contractCase.skip).length + trips.reduce((sum, trip) => sum + trip.maxRequests, 0);
  return { requests, bound: Math.ceil((requests * target.timeoutMs) / 1000) };
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** The problem --fail-on-drift makes of answers that carried what the spec does not declare: none without it. */
export function driftProblems(drift: DriftReport, failOnDrift: boolean | undefined): string[] {
  if (!failOnDrift || (!drift.entries.length && !drift.unlisted)) return [];
  return [`drift (--fail-on-drift): ${count(drift.entries.length + drift.unlisted, "undeclared thing")} in the answers`];
}

/** What a run found: each finding once with its count, and the operations not really tested. */
export function printFindings(summary: RunSummary, seed: number, print: Print): void {
  const folded = foldFailures(summary.outcomes.flatMap((outcome) => outcome.failures));
  if (folded.length) {
    const cases = summary.outcomes.filter((outcome) => outcome.failures.length).length;
    print(`\n${count(folded.length, "broken promise")} in ${count(cases, "case")} (repeat with NEXOR_CONTRACT_SEED=${seed}):\n`);
    for (const finding of folded) print(`${formatFolded(finding)}\n`);
  }
  for (const { operationId, why } of summary.notReallyTested) print(`contract: ${operationId} not really tested: ${why}`);
}

/** The summary every run ends with: coverage by operation, the tally by check, and the verdict as the last line. */
export function printSummary(summary: RunSummary, print: Print): void {
  const rows = [coverageHeader, ...coverageRows(summary.coverage)];
  const widths = coverageHeader.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  print("contract: coverage");
  for (const row of rows)
    print(`  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ")}`);
  for (const line of formatTally(summary.outcomes)) print(line);
  const failed = summary.outcomes.filter((outcome) => outcome.failures.length).length;
  print(
    `contract: ${summary.outcomes.length - failed} cases passed, ${failed} failed, ${summary.notRun.length} not run (NEXOR_CONTRACT_SEED=${summary.seed} repeats this run)`,
  );
}

/** The requests of the pre-flight: one without a key, one with it. */
export const preflightRequests = 2;

/**
 * Two requests before any case. One without a key: any HTTP answer within the timeout means the server is there.
 * Then the same read with the key: a 401 or 403 means the key is the person's mistake, not the server's, and the run
 * stops there instead of blaming the server case after case. Nothing else is sent when either fails, and the reason
 * is said once. A GET that needs no id is preferred (always on the live safety table); without one, the first
 * operation, aimed at fresh random ids.
 */
export async function preflightProblem(target: Target): Promise<string | undefined> {
  const read = operations.find((operation) => operation.method === "GET" && !operation.pathParams.length) ?? operations[0]!;
  const probe = (credentials: "missing" | "valid"): ContractCase => ({
    operationId: read.operationId,
    name: `pre-flight: a request ${credentials === "missing" ? "without a key" : "with the key"}`,
    kind: credentials === "missing" ? "auth" : "positive",
    phase: "auth",
    credentials,
    path: Object.fromEntries(read.pathParams.map((parameter) => [parameter.name, freshId()])),
    query: [],
  });
  for (const credentials of ["missing", "valid"] as const) {
    const { request } = buildRequest(target, probe(credentials));
    const started = performance.now();
    let status: number;
    try {
      status = (await send(request, target.timeoutMs)).status;
    } catch (error) {
      const cause = error instanceof NoAnswerError ? error.message : String(error);
      const sent = credentials === "missing" ? "nothing was sent" : "nothing else was sent";
      return `contract: cannot reach ${request.method} ${request.url}: ${cause}, after ${Math.round(performance.now() - started)} ms; ${sent}`;
    }
    if (credentials === "valid" && (status === 401 || status === 403)) {
      return `contract: cannot start: the server rejects NEXOR_API_KEY (${request.method} ${request.url} with it was answered ${status}): set NEXOR_API_KEY to a valid key of the account to test; nothing else was sent`;
    }
  }
  return undefined;
}
