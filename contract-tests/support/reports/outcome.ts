// What a report needs of one case once it has been recorded: who, what came back, what broke. Small on purpose: a
// run keeps one of these per case, never a body, so its memory stays flat however large the answers were.
import type { CaseKind, Phase } from "../cases/contract-case.js";
import { variantOf } from "../cases/positive.js";
import type { CheckFailure, CheckName } from "../checks/types.js";
import { operationById } from "../operations.js";
import type { CaseResult } from "../runner.js";
import { keywordBrokenBy, keywordsKeptBy, matchedResponseVariants } from "./exercised.js";

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
  /** The branches of the documented response schema its answer matched, by pointer. */
  responseVariants?: string[];
  /** The request schema keywords it exercised: kept by a valid request, or the one an invalid request broke. */
  keywords?: { kept: string[]; broken?: string };
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
  const response = result.exchange?.response;
  const answered = response !== undefined;
  const broken =
    answered && contractCase.kind === "negative" && contractCase.breaks
      ? keywordBrokenBy(contractCase.operationId, contractCase.breaks)
      : undefined;
  return {
    operationId: contractCase.operationId,
    name: contractCase.name,
    kind: contractCase.kind,
    phase: contractCase.phase,
    credentials: contractCase.credentials,
    ...(status !== undefined && { status }),
    query: [...new Set(contractCase.query.map(([name]) => name))],
    ...(variant && { variant }),
    responseVariants:
      response && !response.tooLarge ? matchedResponseVariants(contractCase.operationId, response.status, response.body) : [],
    keywords: {
      kept: answered && contractCase.kind === "positive" ? keywordsKeptBy(contractCase) : [],
      ...(broken && { broken }),
    },
    failures: result.failures,
    passed: result.passed,
    ms: result.sent?.ms ?? 0,
  };
}
