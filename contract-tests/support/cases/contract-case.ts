// The unit of the contract suite: one request to send and what kind of answer the contract promises for it.
import type { CheckName } from "../checks/types.js";

/** `positive`: a valid body with a valid key. `negative`: an invalid body. `auth`: a missing or invalid key. */
export type CaseKind = "positive" | "negative" | "auth";

/**
 * Who rules a negative body out. `documented`: Nexor's docs say the server rejects it, so it may be sent live.
 * `contract-only`: a rule this contract adds (closed schemas) or a case the docs never mention (a body that is not
 * JSON); held against the mock and local servers, never sent live.
 */
export type Rule = "documented" | "contract-only";

/** One request of a run and the promise it tests. Plain data, so that a plan can be built anywhere. */
export interface ContractCase {
  /** The test name: a lower-case behaviour statement. */
  name: string;
  kind: CaseKind;
  credentials: "valid" | "missing" | "invalid";
  /** The body as sent: JSON text, or on purpose something that is not JSON. */
  body: string;
  rule?: Rule;
  /** For auth cases: the documented error body the answer must carry. */
  documentedBody?: Record<string, unknown>;
  /** Checks that do not apply to this case on this target, each with the reason. */
  exempt?: Partial<Record<CheckName, string>>;
  /** Why this case is not sent to this target at all; shown as a skipped test. */
  skip?: string;
  /** A real message to a real lead: sent at most once per process, whatever asks for it again. */
  once?: true;
}
