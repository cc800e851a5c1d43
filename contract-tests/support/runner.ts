// Sends cases to a target and applies every check to each answer. It collects verdicts instead of throwing, so that
// a vitest test, the self-check, the CLI and a person reading a report all see the same list of broken promises.
// A request that gets no HTTP answer stops the run: every later case would fail the same way, and one line saying
// why is more use than the same failure repeated for every case.
import { randomUUID } from "node:crypto";
import type { ContractCase } from "./cases/contract-case.js";
import { fillPath } from "./cases/values.js";
import { describeRequest, failure } from "./checks/failure.js";
import { checks } from "./checks/index.js";
import type { CheckFailure, CheckName, ClientOutcome, Exchange } from "./checks/types.js";
import { type ClientFactory, throughClient } from "./client-replay.js";
import { maxBodyBytes, NoAnswerError, type OutgoingRequest, type ReceivedResponse, send } from "./http.js";
import { operationById } from "./operations.js";
import { redact } from "./redact.js";
import { curlOf } from "./reports/curl.js";
import { documentedResponse } from "./spec.js";
import type { Target } from "./target.js";

/** What one case came to: the exchange (absent when nothing came back), the failures, and the checks that passed. */
export interface CaseResult {
  case: ContractCase;
  exchange?: Exchange;
  failures: CheckFailure[];
  passed: CheckName[];
  /** Set when the request got no HTTP answer. */
  noAnswer?: NoAnswerError;
  /** The request as it left (unredacted: reports redact it with `secrets`), when it left; when, and how long it took. */
  sent?: { request: OutgoingRequest; secrets: string[]; startedAt: string; ms: number };
}

// The real sends this process made, by server and case. A message is not idempotent: a retry, a re-run test or a
// second call with the same case is refused here rather than trusted to configuration.
const sentOnce = new Set<string>();

/** How a request reaches the server: over HTTP (`send`), or for the self-check's servers, by a direct call. */
export type Transport = (request: OutgoingRequest, timeoutMs: number) => Promise<ReceivedResponse>;

/**
 * Sends `contractCase` to `target` once and judges the answer with every check; the answer is also replayed to the
 * case's client method (made by `client`) for client_conformance, which sends nothing.
 */
export async function runCase(
  target: Target,
  contractCase: ContractCase,
  transport: Transport = send,
  client?: ClientFactory,
): Promise<CaseResult> {
  const { request, secrets } = buildRequest(target, contractCase);
  if (contractCase.once) {
    const sendKey = `${target.baseUrl} ${contractCase.operationId} ${contractCase.name}`;
    if (sentOnce.has(sendKey)) {
      return {
        case: contractCase,
        failures: [requestFailure(contractCase, request, secrets, "refused to send a real message a second time in one run")],
        passed: [],
      };
    }
    sentOnce.add(sendKey);
  }
  let response: Awaited<ReturnType<typeof send>>;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const sent = () => ({ request, secrets, startedAt, ms: Math.round(performance.now() - started) });
  try {
    response = await transport(request, target.timeoutMs);
  } catch (error) {
    const noAnswer = error instanceof NoAnswerError ? error : new NoAnswerError("network", String(error));
    return {
      case: contractCase,
      failures: [requestFailure(contractCase, request, secrets, `no answer: ${noAnswer.message}`)],
      passed: [],
      noAnswer,
      sent: sent(),
    };
  }
  const timing = sent();
  const outcome =
    response.tooLarge === undefined && !contractCase.exempt?.client_conformance
      ? await throughClient(target, contractCase, request, response, client)
      : undefined;
  return { ...judge(target, contractCase, request, response, secrets, outcome), sent: timing };
}

/** Every check applied to one exchange. */
export function judge(
  target: Target,
  contractCase: ContractCase,
  request: OutgoingRequest,
  response: Exchange["response"],
  secrets: string[],
  client?: ClientOutcome,
): CaseResult {
  const exchange: Exchange = {
    target: target.kind,
    operationId: contractCase.operationId,
    case: contractCase,
    request,
    response,
    documented: documentedResponse(contractCase.operationId, response.status),
    secrets,
    ...(client && { client }),
  };
  const failures: CheckFailure[] = [];
  const passed: CheckName[] = [];
  if (response.tooLarge !== undefined) {
    // Nothing can be judged of a body that was not read; its size is the one promise known to be broken.
    const size = `${response.tooLarge} bytes${response.body === "" ? " or more" : ""}`;
    const message = `the ${response.status} body is larger than the ${maxBodyBytes}-byte limit on a response (${size}); no other check judged it`;
    return { case: contractCase, exchange, failures: [failure(exchange, "response_too_large", message)], passed };
  }
  for (const [name, check] of Object.entries(checks) as Array<[CheckName, (typeof checks)[CheckName]]>) {
    if (contractCase.exempt?.[name]) continue;
    const verdict = check(exchange);
    if (verdict === "passed") passed.push(name);
    else if (verdict !== "not applicable") failures.push(verdict);
  }
  return { case: contractCase, exchange, failures, passed };
}

/** The request a case makes: method, URL with its path and query filled in, headers, body; and what to hide. */
export function buildRequest(target: Target, contractCase: ContractCase): { request: OutgoingRequest; secrets: string[] } {
  const { path, method } = operationById(contractCase.operationId);
  const headers: Record<string, string> = { accept: "application/json" };
  if (contractCase.body !== undefined) headers["content-type"] = "application/json";
  const secrets = [target.apiKey];
  if (contractCase.credentials === "valid") headers["x-api-key"] = target.apiKey;
  if (contractCase.credentials === "invalid") {
    // Shaped like a real key so that only its value can be wrong; fresh each time, so no account can own it.
    headers["x-api-key"] = `nxr_live_${randomUUID().replaceAll("-", "")}`;
    secrets.push(headers["x-api-key"]);
  }
  const url = new URL(fillPath(path, contractCase.path).replace(/^\//, ""), `${target.baseUrl.replace(/\/+$/, "")}/`);
  for (const [name, value] of contractCase.query) url.searchParams.append(name, value);
  return {
    request: { method, url: url.href, headers, ...(contractCase.body !== undefined && { body: contractCase.body }) },
    secrets,
  };
}

function requestFailure(contractCase: ContractCase, request: OutgoingRequest, secrets: string[], message: string): CheckFailure {
  return {
    check: "request_failed",
    message: redact(message, secrets),
    case: `${contractCase.operationId}: ${contractCase.name}`,
    request: describeRequest(request, secrets),
    schemaErrors: [],
    curl: curlOf(request, secrets),
  };
}

/** A whole run: each case's result, the cases never sent, and the failure that stopped the run, if one did. */
export interface RunReport {
  results: CaseResult[];
  notRun: ContractCase[];
  stoppedBy?: NoAnswerError;
}

/**
 * Sends `cases` (skipped ones left out) one at a time, in order. A case that gets no HTTP answer stops the run: the
 * cases after it are listed as not run. `onResult` hears each result as it comes.
 */
export async function runPlan(
  target: Target,
  cases: ContractCase[],
  onResult?: (result: CaseResult) => void,
  transport: Transport = send,
): Promise<RunReport> {
  const sendable = cases.filter((contractCase) => !contractCase.skip);
  const results: CaseResult[] = [];
  for (const [index, contractCase] of sendable.entries()) {
    const result = await runCase(target, contractCase, transport);
    results.push(result);
    onResult?.(result);
    if (result.noAnswer) return { results, notRun: sendable.slice(index + 1), stoppedBy: result.noAnswer };
  }
  return { results, notRun: [] };
}
