// Sends one case to a target and applies every check to the answer. It collects verdicts instead of throwing, so
// that a vitest test, the self-check and a person reading a report all see the same list of broken promises.
import { randomUUID } from "node:crypto";
import { documentedResponse, operation } from "../../test/support/spec.js";
import type { ContractCase } from "./cases/contract-case.js";
import { describeRequest } from "./checks/failure.js";
import { checks } from "./checks/index.js";
import type { CheckFailure, CheckName, Exchange } from "./checks/types.js";
import { type OutgoingRequest, send } from "./http.js";
import { redact } from "./redact.js";
import type { Target } from "./target.js";

/** What one case came to: the exchange (absent when nothing came back), the failures, and the checks that passed. */
export interface CaseResult {
  exchange?: Exchange;
  failures: CheckFailure[];
  passed: CheckName[];
}

// The real sends this process made, by server and case. A message is not idempotent: a retry, a re-run test or a
// second call with the same case is refused here rather than trusted to configuration.
const sentOnce = new Set<string>();

/** Sends `contractCase` to `target` once and judges the answer with every check. */
export async function runCase(target: Target, operationId: string, contractCase: ContractCase): Promise<CaseResult> {
  const { request, secrets } = buildRequest(target, operationId, contractCase);
  if (contractCase.once) {
    const sendKey = `${target.baseUrl} ${contractCase.name}`;
    if (sentOnce.has(sendKey)) {
      return {
        failures: [requestFailure(contractCase, request, secrets, "refused to send a real message a second time in one run")],
        passed: [],
      };
    }
    sentOnce.add(sendKey);
  }
  let response: Awaited<ReturnType<typeof send>>;
  try {
    response = await send(request);
  } catch (error) {
    return { failures: [requestFailure(contractCase, request, secrets, `no answer: ${describeCause(error)}`)], passed: [] };
  }
  const exchange: Exchange = {
    target: target.kind,
    operationId,
    case: contractCase,
    request,
    response,
    documented: documentedResponse(operationId, response.status),
    secrets,
  };
  const failures: CheckFailure[] = [];
  const passed: CheckName[] = [];
  for (const [name, check] of Object.entries(checks) as Array<[CheckName, (typeof checks)[CheckName]]>) {
    if (contractCase.exempt?.[name]) continue;
    const verdict = check(exchange);
    if (verdict === "passed") passed.push(name);
    else if (verdict !== "not applicable") failures.push(verdict);
  }
  return { exchange, failures, passed };
}

function buildRequest(target: Target, operationId: string, contractCase: ContractCase): { request: OutgoingRequest; secrets: string[] } {
  const { path, method } = operation(operationId);
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  const secrets = [target.apiKey];
  if (contractCase.credentials === "valid") headers["x-api-key"] = target.apiKey;
  if (contractCase.credentials === "invalid") {
    // Shaped like a real key so that only its value can be wrong; fresh each time, so no account can own it.
    headers["x-api-key"] = `nxr_live_${randomUUID().replaceAll("-", "")}`;
    secrets.push(headers["x-api-key"]);
  }
  const url = new URL(path.replace(/^\//, ""), `${target.baseUrl.replace(/\/+$/, "")}/`).href;
  return { request: { method: method.toUpperCase(), url, headers, body: contractCase.body }, secrets };
}

function requestFailure(contractCase: ContractCase, request: OutgoingRequest, secrets: string[], message: string): CheckFailure {
  return {
    check: "request_failed",
    message: redact(message, secrets),
    case: contractCase.name,
    request: describeRequest(request, secrets),
    schemaErrors: [],
  };
}

// fetch wraps the socket error in `cause`; that is the part that says what went wrong (ECONNREFUSED, a timeout).
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return [(error as Error).message, cause].filter(Boolean).join(": ");
}

/** Every case of `cases` sent to `target` in turn (skipped ones left out), for a caller that judges the whole run. */
export async function runCases(target: Target, operationId: string, cases: ContractCase[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const contractCase of cases) if (!contractCase.skip) results.push(await runCase(target, operationId, contractCase));
  return results;
}
