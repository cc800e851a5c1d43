// The markdown report (`--report markdown=PATH`, and appended to $GITHUB_STEP_SUMMARY when that is set): the verdict,
// a row per operation (cases, broken promises by check, coverage), the operations not really tested, then the first
// report of each broken check with a curl that reproduces it, and the drift. Deterministic: the same run gives the
// same text.

import { driftMarkdown } from "../drift/format.js";
import { formatFailure } from "../report.js";
import { coverageDetail, coverageHeader, coverageRows, coverageTotals } from "./coverage.js";
import type { RunSummary } from "./run-summary.js";
import { type FoldedFailure, foldFailures } from "./summary.js";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const row = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;

// A fence longer than any run of backticks inside, so that a body holding ``` cannot end the block early.
function fenced(language: string, text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

const operations = (n: number) => `${n} operation${n === 1 ? "" : "s"}`;

/** The markdown of a run. */
export function markdownReport(summary: RunSummary): string {
  const failed = summary.outcomes.filter((outcome) => outcome.failures.length);
  const folded = foldFailures(failed.flatMap((outcome) => outcome.failures));
  const verdict =
    failed.length || summary.problems.length
      ? `✗ ${folded.length} broken promise${folded.length === 1 ? "" : "s"} in ${operations(new Set(failed.map((outcome) => outcome.operationId)).size)}`
      : "✓ every promise kept";
  const totals = coverageTotals(summary.coverage);
  const lines = [
    `## Nexor contract: ${verdict}`,
    "",
    `Target \`${summary.baseUrl}\`, seed \`${summary.seed}\` (\`NEXOR_CONTRACT_SEED=${summary.seed}\` repeats this run): ` +
      `${summary.outcomes.length - failed.length} cases passed, ${failed.length} failed, ${summary.notRun.length} not run.`,
    `Coverage: ${totals.operations.seen}/${totals.operations.of} operations, ${totals.statuses.seen}/${totals.statuses.reachable} reachable documented statuses ` +
      `(${totals.statuses.documented - totals.statuses.reachable} not reachable), ${totals.parameters.sent}/${totals.parameters.of} parameters, ` +
      `${totals.responseVariants.matched}/${totals.responseVariants.of} response variants, ${totals.keywords.exercised}/${totals.keywords.of} request keywords.`,
    "",
    row(["operation", "cases", "broken promises", ...coverageHeader.slice(2)]),
    row(["---", "---:", "---", ...coverageHeader.slice(2).map(() => "---")]),
    ...summary.coverage.map((entry, index) => {
      const [, cases, ...rest] = coverageRows(summary.coverage)[index]!;
      const broken = new Map<string, number>();
      for (const outcome of summary.outcomes) {
        if (outcome.operationId !== entry.operationId) continue;
        for (const check of new Set(outcome.failures.map((failure) => failure.check))) broken.set(check, (broken.get(check) ?? 0) + 1);
      }
      const brokenText = [...broken].map(([check, count]) => `${check} ×${count}`).join(", ") || "–";
      return row([`\`${entry.operationId}\``, cases!, brokenText, ...rest]);
    }),
  ];
  const detail = coverageDetail(summary.coverage);
  if (detail.length) lines.push("", "<details><summary>Coverage detail</summary>", "", ...detail, "", "</details>");
  if (summary.notReallyTested.length) {
    lines.push("", "**Not really tested:**", "", ...summary.notReallyTested.map(({ operationId, why }) => `- \`${operationId}\`: ${why}`));
  }
  if (summary.problems.length) lines.push("", "**Problems:**", "", ...summary.problems.map((problem) => `- ${problem}`));
  const firstByCheck = new Map<string, FoldedFailure>();
  for (const finding of folded) if (!firstByCheck.has(finding.first.check)) firstByCheck.set(finding.first.check, finding);
  if (firstByCheck.size) {
    lines.push("", "### The first report of each broken check");
    for (const [check, finding] of firstByCheck) {
      const same = folded.filter((other) => other.first.check === check).reduce((sum, other) => sum + other.count, 0);
      lines.push(
        "",
        `#### ${check} (${same} case${same === 1 ? "" : "s"})`,
        "",
        fenced("text", formatFailure(finding.first)),
        "",
        "Reproduce it (with `NEXOR_API_KEY` set in your shell):",
        "",
        fenced("sh", finding.first.curl),
      );
    }
  }
  const drift = summary.drift ? driftMarkdown(summary.drift) : "";
  if (drift) lines.push("", drift.trimEnd());
  return `${lines.join("\n")}\n`;
}
