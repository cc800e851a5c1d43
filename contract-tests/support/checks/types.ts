// The vocabulary shared by the checks: what one exchange holds and what a failed check reports.

import type { ContractCase } from "../cases/contract-case.js";
import type { OutgoingRequest, ReceivedResponse } from "../http.js";
import type { DocumentedResponse } from "../spec.js";
import type { TargetKind } from "../target.js";

/** The checks, named as Schemathesis names them, plus `mock_violations` for the mock's own validation. */
export type CheckName =
  | "not_a_server_error"
  | "status_code_conformance"
  | "content_type_conformance"
  | "response_headers_conformance"
  | "response_schema_conformance"
  | "positive_data_acceptance"
  | "negative_data_rejection"
  | "ignored_auth"
  | "mock_violations"
  | "client_conformance";

/** One request the suite sent, the answer, and the response the operation documents for its status. */
export interface Exchange {
  target: TargetKind;
  operationId: string;
  case: ContractCase;
  request: OutgoingRequest;
  response: ReceivedResponse;
  /** Undefined when the status is not documented for the operation. */
  documented: DocumentedResponse | undefined;
  /** Values no report may show (the API key, the invalid key an auth case sent). */
  secrets: string[];
  /** The same case made through the toolkit's client, the answer replayed to it; absent when no method can make it. */
  client?: ClientOutcome;
}

/** What the toolkit's client made of a case: the request it handed its fetch, and what its method settled with. */
export interface ClientOutcome {
  /** The method, as the spec's `x-nexor-method` names it: `leads.tags.add`. */
  method: string;
  /**
   * The request the client handed its fetch, and whether its X-API-Key was the one the case sent; absent when it
   * refused the call before sending anything.
   */
  sent?: { method: string; url: string; body?: string; sameKey: boolean };
  /** What the method resolved with, or what it threw. */
  settled: { data: unknown } | { error: unknown };
  /**
   * For an array the client refused, of an operation whose invalid items fail alone (`x-nexor-bulk` partial): whether
   * it would send the array once the items that break a documented rule are taken out.
   */
  restSent?: boolean;
}

/** A keyword of the spec that a body broke: where in the spec, where in the body, and what Ajv said. */
export interface SchemaError {
  schemaPath: string;
  instancePath: string;
  message: string;
}

/** A broken promise, with everything a person needs to act on it; every string already redacted. */
export interface CheckFailure {
  /** `request_failed`: no answer came. `response_too_large`: the body passed the runner's cap and was not read. */
  check: CheckName | "request_failed" | "response_too_large";
  /** One sentence: what the contract promised and what happened instead. */
  message: string;
  case: string;
  request: { method: string; url: string; headers: string[]; body: string };
  response?: { status: number; contentType: string; body: string };
  schemaErrors: SchemaError[];
  /** A curl command that sends the request again, the key written as `$NEXOR_API_KEY`. */
  curl: string;
}

/** What a check concluded about one exchange. */
export type Verdict = "passed" | "not applicable" | CheckFailure;

/** A check: a pure function of one exchange. It reports, it never throws, so that a runner can collect verdicts. */
export type Check = (exchange: Exchange) => Verdict;
