// The unit of the contract suite: one request to send and what kind of answer the contract promises for it.
import type { CheckName } from "../checks/types.js";

/** `positive`: a valid request with a valid key. `negative`: an invalid one. `auth`: a missing or invalid key. */
export type CaseKind = "positive" | "negative" | "auth";

/**
 * Who rules a negative request out. `documented`: Nexor's docs say the server rejects it, so it may be sent live.
 * `contract-only`: a rule this contract adds (a keyword the spec lists in `x-nexor-contract-only`) or a case the docs
 * never mention (a body that is not JSON); held against the mock and local servers, never sent live.
 */
export type Rule = "documented" | "contract-only";

/**
 * Where a case comes from. `examples`: the spec's request examples. `generated`: seeded json-schema-faker data.
 * `coverage`: one case for every rule of the operation, whatever the seed. `random`: seeded mutations on top.
 * `auth`: the key cases. `lead`: a read of the test lead. `send`: a real message. `round-trip`: a step of a write
 * that cleans up after itself.
 */
export type Phase = "examples" | "generated" | "coverage" | "random" | "auth" | "lead" | "send" | "round-trip";

/** One request of a run and the promise it tests. Plain data, so that a plan can be built and inspected anywhere. */
export interface ContractCase {
  operationId: string;
  /** The test name: a lower-case behaviour statement. */
  name: string;
  kind: CaseKind;
  phase: Phase;
  credentials: "valid" | "missing" | "invalid";
  /** Path parameters by name, as raw text (encoded when the URL is built). */
  path: Record<string, string>;
  /** Query parameters as ordered `[name, value]` pairs. */
  query: Array<[string, string]>;
  /** The body as sent: JSON text, or on purpose something that is not JSON. Absent: the request has no body. */
  body?: string;
  rule?: Rule;
  /** For a negative case: the rule it breaks, the same on every run (`required body /lead_id`). */
  breaks?: string;
  /**
   * For a negative the docs answer with one status (a duplicate tag slug: 409): that status. Another documented 4xx
   * then breaks negative_data_rejection, naming it; without it, any 4xx rejects the request.
   */
  expectedStatus?: number;
  /** For auth cases: the documented error body the answer must carry. */
  documentedBody?: Record<string, unknown>;
  /** Checks that do not apply to this case on this target, each with the reason. */
  exempt?: Partial<Record<CheckName, string>>;
  /** Why this case is not sent to this target at all; shown as a skipped test. */
  skip?: string;
  /** A real message to a real lead: sent at most once per process, whatever asks for it again. */
  once?: true;
}
