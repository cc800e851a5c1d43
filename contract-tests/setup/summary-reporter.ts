// A vitest reporter for `npm run contract`: after vitest's own summary, the mock run ends as a live run does, with a
// tally by check (cases judged, cases that broke it). Each contract test leaves its checks in its task's meta
// (support/case-tests.ts); tests of other projects have none and are left out.
import type { Reporter, TestModule } from "vitest/node";

declare module "@vitest/runner" {
  interface TaskMeta {
    /** The checks a contract case passed and the ones it broke. */
    contract?: { passed: string[]; broken: string[] };
  }
}

export default class ContractSummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const tally = new Map<string, { judged: number; broken: number }>();
    for (const module of testModules) {
      for (const testCase of module.children.allTests()) {
        const checks = testCase.meta().contract;
        if (!checks) continue;
        for (const check of new Set([...checks.passed, ...checks.broken])) {
          const row = tally.get(check) ?? { judged: 0, broken: 0 };
          row.judged++;
          if (checks.broken.includes(check)) row.broken++;
          tally.set(check, row);
        }
      }
    }
    if (!tally.size) return;
    const width = Math.max(...[...tally.keys()].map((check) => check.length));
    const lines = ["contract: by check (cases judged, cases that broke it)"];
    for (const [check, row] of tally) {
      lines.push(
        `  ${row.broken ? "✗" : "✓"} ${check.padEnd(width)} ${String(row.judged).padStart(5)} judged ${String(row.broken).padStart(5)} broken`,
      );
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  }
}
