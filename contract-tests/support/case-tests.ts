// Declares one vitest test per contract case. A case's failures become the assertion message, as the report a
// person reads; the compared value is the list of check names, so the diff says at a glance which promises broke.
import { expect, test } from "vitest";
import type { ContractCase } from "./cases/contract-case.js";
import { formatFailures } from "./report.js";
import { runCase } from "./runner.js";
import type { Target } from "./target.js";

/** A test per case of `cases`, sent to `target`; a case with `skip` is listed as skipped, with its reason. */
export function testCases(target: Target, operationId: string, cases: ContractCase[]): void {
  for (const contractCase of cases) {
    if (contractCase.skip) {
      test.skip(`${contractCase.name} (not on the ${target.kind} target: ${contractCase.skip})`, () => {});
      continue;
    }
    test(contractCase.name, async () => {
      const { failures, passed } = await runCase(target, operationId, contractCase);
      expect(
        failures.map((failure) => failure.check),
        formatFailures(failures, target.seed),
      ).toEqual([]);
      expect(passed).toContain("status_code_conformance");
    });
  }
}
