// One request of a run as the reports hold it: the case (what replay needs to judge it again), the request and the
// response, every value redacted, and the broken promises. The NDJSON report writes these as lines, the HAR report
// as entries; nothing here keeps a body longer than the line that carries it.
import type { ContractCase } from "../cases/contract-case.js";
import type { CheckFailure, CheckName } from "../checks/types.js";
import { redact } from "../redact.js";
import type { CaseResult } from "../runner.js";

/** A request as recorded: the key header's value is always `[redacted]`; replay puts the key back from the environment. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A response as recorded: `tooLarge` when the body passed the cap and was not read. */
export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  tooLarge?: number;
}

/** A line of type "exchange" of the NDJSON report. */
export interface ExchangeRecord {
  type: "exchange";
  operationId: string;
  case: ContractCase;
  startedAt: string;
  ms: number;
  request: RecordedRequest;
  /** Absent when no HTTP answer came. */
  response?: RecordedResponse;
  /** The broken promises; empty when the case held. */
  failures: CheckFailure[];
  passed: CheckName[];
}

const redactAll = (values: Record<string, string>, secrets: readonly string[]) =>
  Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, name.toLowerCase() === "x-api-key" ? "[redacted]" : redact(value, secrets)]),
  );

/** The record of a result that was sent; undefined for one that never left (a second real send refused). */
export function exchangeRecord(result: CaseResult): ExchangeRecord | undefined {
  if (!result.sent) return undefined;
  const { request, secrets, startedAt, ms } = result.sent;
  const response = result.exchange?.response;
  return {
    type: "exchange",
    operationId: result.case.operationId,
    case: JSON.parse(redact(JSON.stringify(result.case), secrets)) as ContractCase,
    startedAt,
    ms,
    request: {
      method: request.method,
      url: redact(request.url, secrets),
      headers: redactAll(request.headers, secrets),
      ...(request.body !== undefined && { body: redact(request.body, secrets) }),
    },
    ...(response && {
      response: {
        status: response.status,
        headers: redactAll(response.headers, secrets),
        body: redact(response.body, secrets),
        ...(response.tooLarge !== undefined && { tooLarge: response.tooLarge }),
      },
    }),
    failures: result.failures,
    passed: result.passed,
  };
}
