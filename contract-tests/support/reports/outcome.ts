// What a report needs of one case once it has been recorded: who, what came back, what broke. Small on purpose: a
// run keeps one of these per case, never a body, so its memory stays flat however large the answers were.
import type { CaseKind, Phase } from "../cases/contract-case.js";
import { variantOf } from "../cases/positive.js";
import type { CheckFailure, CheckName } from "../checks/types.js";
import { operationById } from "../operations.js";
import type { CaseResult } from "../runner.js";

export interface Outcome {
  operationId: string;
  name: string;
  kind: CaseKind;
  phase: Phase;
  credentials: "valid" | "missing" | "invalid";
  /** Absent when no HTTP answer came. */
  status?: number;
  /** The query parameters it sent, by name. */
  query: string[];
  /** The request body shape it sent, for a positive case with a body. */
  variant?: string;
  failures: CheckFailure[];
  passed: CheckName[];
  ms: number;
}

/** The outcome of one result. */
export function outcomeOf(result: CaseResult): Outcome {
  const { case: contractCase } = result;
  const status = result.exchange?.response.status;
  let variant: string | undefined;
  if (contractCase.kind === "positive" && contractCase.body !== undefined) {
    try {
      variant = variantOf(operationById(contractCase.operationId), JSON.parse(contractCase.body));
    } catch {
      variant = undefined;
    }
  }
  return {
    operationId: contractCase.operationId,
    name: contractCase.name,
    kind: contractCase.kind,
    phase: contractCase.phase,
    credentials: contractCase.credentials,
    ...(status !== undefined && { status }),
    query: [...new Set(contractCase.query.map(([name]) => name))],
    ...(variant && { variant }),
    failures: result.failures,
    passed: result.passed,
    ms: result.sent?.ms ?? 0,
  };
}
