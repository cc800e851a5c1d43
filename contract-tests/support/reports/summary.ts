// The end of a run's terminal output: every broken promise once, with how often it broke, then a tally by check.
// Repeats fold: the same check broken the same way on the same operation (ids aside) is one report with a count, so
// a server that answers `{}` to everything reads as a few findings, not thousands of lines.
import { checkNames } from "../checks/index.js";
import type { CheckFailure } from "../checks/types.js";
import { formatFailure } from "../report.js";
import type { Outcome } from "./outcome.js";

/** One broken promise and every case that broke it the same way. */
export interface FoldedFailure {
  first: CheckFailure;
  count: number;
}

const anyId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

// What makes two failures the same finding: the check, the operation, the sentence with its ids left out, and the
// keywords of the spec that were broken.
function foldKey(failure: CheckFailure): string {
  const operationId = failure.case.split(":")[0];
  const schema = failure.schemaErrors.map((error) => error.schemaPath).join(" ");
  return `${failure.check}\u0000${operationId}\u0000${failure.message.replace(anyId, "…")}\u0000${schema}`;
}

/** The failures, each finding once with its count, in the order they first happened. */
export function foldFailures(failures: Iterable<CheckFailure>): FoldedFailure[] {
  const folded = new Map<string, FoldedFailure>();
  for (const failure of failures) {
    const key = foldKey(failure);
    const known = folded.get(key);
    if (known) known.count++;
    else folded.set(key, { first: failure, count: 1 });
  }
  return [...folded.values()];
}

/** A folded finding as the terminal and the markdown show it: the first report, and how many cases repeat it. */
export function formatFolded({ first, count }: FoldedFailure): string {
  const text = formatFailure(first);
  return count > 1 ? `${text}\n  ${"repeats".padEnd(10)}${count - 1} more case${count === 2 ? "" : "s"} broke it the same way` : text;
}

/** Per check: how many cases it judged, and how many it found broken. Checks that judged nothing are left out. */
export function tallyByCheck(outcomes: readonly Outcome[]): Array<{ check: string; judged: number; broken: number }> {
  const names: string[] = [...checkNames, "response_too_large", "request_failed"];
  return names
    .map((check) => {
      let judged = 0;
      let broken = 0;
      for (const outcome of outcomes) {
        const failed = outcome.failures.some((failure) => failure.check === check);
        if (failed) broken++;
        if (failed || (outcome.passed as string[]).includes(check)) judged++;
      }
      return { check, judged, broken };
    })
    .filter((row) => row.judged > 0);
}

/** The tally as aligned terminal lines. */
export function formatTally(outcomes: readonly Outcome[]): string[] {
  const rows = tallyByCheck(outcomes);
  const width = Math.max(5, ...rows.map((row) => row.check.length));
  return [
    `contract: by check (cases judged, cases that broke it)`,
    ...rows.map(
      (row) =>
        `  ${row.broken ? "✗" : "✓"} ${row.check.padEnd(width)} ${String(row.judged).padStart(5)} judged ${String(row.broken).padStart(5)} broken`,
    ),
  ];
}
