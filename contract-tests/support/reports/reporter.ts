// Hears every result of a run once and keeps what the reports need: the streamed reports (NDJSON, HAR) get each
// exchange as it happens, the end-of-run ones (JUnit, markdown, $GITHUB_STEP_SUMMARY) are written from the outcomes.
// Files are opened before anything is sent, so that a path that cannot be written stops the run before it starts.
import { appendFileSync, writeFileSync } from "node:fs";
import { DriftCollector } from "../drift/collect.js";
import { driftMarkdown } from "../drift/format.js";
import type { CaseResult } from "../runner.js";
import { exchangeRecord } from "./exchange-record.js";
import { junitReport } from "./junit.js";
import { markdownReport } from "./markdown.js";
import { type Outcome, outcomeOf } from "./outcome.js";
import type { RunSummary } from "./run-summary.js";
import { type ExchangeSink, harSink, ndjsonSink } from "./streams.js";

/** A report to write: its format and where. */
export interface ReportRequest {
  format: "junit" | "markdown" | "ndjson" | "har" | "drift";
  path: string;
}

export class Reporter {
  readonly outcomes: Outcome[] = [];
  /** Hears every answer for the drift list (contract-tests/support/drift). */
  readonly drift = new DriftCollector();
  private readonly sinks: ExchangeSink[];

  constructor(
    private readonly reports: readonly ReportRequest[],
    run: { baseUrl: string; seed: number; version: string; command: string },
    stepSummary?: string,
  ) {
    // Fail now, not after the run, when an end-of-run report's folder does not exist or cannot be written.
    for (const { format, path } of reports) if (format === "junit" || format === "markdown" || format === "drift") writeFileSync(path, "");
    // $GITHUB_STEP_SUMMARY is appended to, never truncated: appending nothing proves it can be written.
    if (stepSummary) appendFileSync(stepSummary, "");
    this.sinks = reports.flatMap(({ format, path }) => {
      if (format === "ndjson") return [ndjsonSink(path, { ...run, startedAt: new Date().toISOString() })];
      if (format === "har") return [harSink(path, { name: "nexor-contract", version: run.version })];
      return [];
    });
  }

  /** Records one result: its exchange to the streamed reports, its outcome for the rest. */
  record(result: CaseResult): void {
    if (this.sinks.length) {
      const record = exchangeRecord(result);
      if (record) for (const sink of this.sinks) sink.exchange(record);
    }
    if (result.exchange) this.drift.hear(result.exchange);
    this.outcomes.push(outcomeOf(result));
  }

  /** Writes the end-of-run reports and closes the streamed ones; returns a line per report written. */
  finish(summary: RunSummary, env: Record<string, string | undefined>): string[] {
    const failed = summary.outcomes.filter((outcome) => outcome.failures.length).length;
    for (const sink of this.sinks) {
      sink.close(
        {
          passed: summary.outcomes.length - failed,
          failed,
          notRun: summary.notRun.length,
          problems: summary.problems,
          // Every operation's coverage in full (the NDJSON summary line carries it; HAR has no place for it).
          coverage: summary.coverage,
        },
        summary.drift?.entries,
      );
    }
    const markdown = this.reports.some(({ format }) => format === "markdown") || env.GITHUB_STEP_SUMMARY ? markdownReport(summary) : "";
    for (const { format, path } of this.reports) {
      if (format === "junit") writeFileSync(path, junitReport(summary));
      if (format === "markdown") writeFileSync(path, markdown);
      // The drift list alone, for an artifact: "no drift" rather than an empty file, so that an empty one means a failure.
      if (format === "drift")
        writeFileSync(
          path,
          (summary.drift && driftMarkdown(summary.drift)) || "### Drift\n\nNone: every answer was declared by the spec.\n",
        );
    }
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
    return [
      ...this.reports.map(({ format, path }) => `contract: wrote the ${format} report to ${path}`),
      ...(env.GITHUB_STEP_SUMMARY ? ["contract: appended the markdown report to $GITHUB_STEP_SUMMARY"] : []),
    ];
  }
}
