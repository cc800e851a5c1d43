// Everything the end-of-run reports (terminal, markdown, JUnit) are written from: plain data, no bodies.
import type { DriftReport } from "../drift/collect.js";
import type { OperationCoverage } from "./coverage.js";
import type { Outcome } from "./outcome.js";

export interface RunSummary {
  baseUrl: string;
  seed: number;
  /** The operations the run selected, in the spec's order. */
  operationIds: string[];
  outcomes: Outcome[];
  /** Cases never sent because the server stopped answering, by operation and name. */
  notRun: Array<{ operationId: string; name: string }>;
  coverage: OperationCoverage[];
  notReallyTested: Array<{ operationId: string; why: string }>;
  /** Lines that must be read: a clean-up that failed, the server that stopped answering, coverage missed. */
  problems: string[];
  /** What the answers carried that the spec does not declare; absent where drift is not collected. */
  drift?: DriftReport;
}
