// The JUnit XML report (`--report junit=PATH`): a testsuite per operation, a testcase per case, a <failure> per case
// that broke a promise carrying every promise it broke, a <skipped> per case never sent. CI systems (GitHub's test
// reporters, GitLab, Jenkins) read it to list failures by name.
import { formatFailure } from "../report.js";
import type { RunSummary } from "./run-summary.js";

// XML 1.0 cannot carry most control characters at all, even escaped: they are dropped.
const xml = (text: string) =>
  text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The JUnit XML of a run. */
export function junitReport(summary: RunSummary): string {
  const suites = summary.operationIds.map((operationId) => {
    const outcomes = summary.outcomes.filter((outcome) => outcome.operationId === operationId);
    const notRun = summary.notRun.filter((entry) => entry.operationId === operationId);
    const failed = outcomes.filter((outcome) => outcome.failures.length).length;
    const time = outcomes.reduce((sum, outcome) => sum + outcome.ms, 0);
    const cases = [
      ...outcomes.map((outcome) => {
        const open = `    <testcase classname="${xml(operationId)}" name="${xml(outcome.name)}" time="${seconds(outcome.ms)}"`;
        if (!outcome.failures.length) return `${open}/>`;
        const [first] = outcome.failures;
        const checks = [...new Set(outcome.failures.map((failure) => failure.check))].join(", ");
        const text = outcome.failures.map(formatFailure).join("\n\n");
        return `${open}>\n      <failure type="${xml(checks)}" message="${xml(`${first!.check}: ${first!.message}`)}">${xml(text)}</failure>\n    </testcase>`;
      }),
      ...notRun.map(
        (entry) =>
          `    <testcase classname="${xml(operationId)}" name="${xml(entry.name)}" time="0.000">\n      <skipped message="not run: the server stopped answering"/>\n    </testcase>`,
      ),
    ];
    const tests = outcomes.length + notRun.length;
    return `  <testsuite name="${xml(operationId)}" tests="${tests}" failures="${failed}" errors="0" skipped="${notRun.length}" time="${seconds(time)}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const tests = summary.outcomes.length + summary.notRun.length;
  const failures = summary.outcomes.filter((outcome) => outcome.failures.length).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="nexor-contract" tests="${tests}" failures="${failures}" errors="0" skipped="${summary.notRun.length}">\n${suites.join("\n")}\n</testsuites>\n`;
}
