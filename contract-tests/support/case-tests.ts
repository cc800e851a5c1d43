// Declares one vitest test per contract case, grouped by operation. A case's failures become the assertion message,
// as the report a person reads; the compared value is the list of check names, so the diff says at a glance which
// promises broke. A request that gets no HTTP answer stops the rest of the file: each later test is skipped with
// that one cause instead of failing with it again.
import { describe, expect, test } from "vitest";
import type {} from "../setup/summary-reporter.js";
import { planOperation, selected } from "./cases/plan.js";
import type { NoAnswerError } from "./http.js";
import { operations } from "./operations.js";
import { formatFailures } from "./report.js";
import { runCase } from "./runner.js";
import type { Target } from "./target.js";

let stoppedBy: NoAnswerError | undefined;

/** A `describe` for `tag`, one inside it per operation, with a test per case of its plan against `target`. */
export function describeOperationsOf(tag: string, target: Target): void {
  if (!operations.some((operation) => operation.tag === tag)) throw new Error(`the spec has no operation tagged ${tag}`);
  describe(tag, () => describeOperations(target, tag));
}

function describeOperations(target: Target, tag: string): void {
  for (const operation of selected(target).filter((candidate) => candidate.tag === tag)) {
    describe(`${operation.operationId}: ${operation.method} ${operation.path}`, () => {
      for (const contractCase of planOperation(target, operation)) {
        if (contractCase.skip) {
          test.skip(`${contractCase.name} (not on the ${target.kind} target: ${contractCase.skip})`, () => {});
          continue;
        }
        test(contractCase.name, async (context) => {
          if (stoppedBy) context.skip(`not run: an earlier request got no answer (${stoppedBy.message})`);
          const { failures, passed, noAnswer } = await runCase(target, contractCase);
          stoppedBy ??= noAnswer;
          // For the run's summary by check (setup/summary-reporter.ts).
          context.task.meta.contract = { passed, broken: failures.map((failure) => failure.check) };
          expect(
            failures.map((failure) => failure.check),
            formatFailures(failures, target.seed),
          ).toEqual([]);
          // Green must mean the status was judged, unless the case says why it cannot be on this target.
          if (!contractCase.exempt?.status_code_conformance) expect(passed).toContain("status_code_conformance");
        });
      }
    });
  }
}
