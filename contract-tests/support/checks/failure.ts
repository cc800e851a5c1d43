// Builds the failure a check reports. Everything that leaves here has been redacted first and cut second, so that
// a cut can never leave half a key behind.
import type { OutgoingRequest, ReceivedResponse } from "../http.js";
import { redact, redactHeaders } from "../redact.js";
import { curlOf } from "../reports/curl.js";
import type { CheckFailure, Exchange, SchemaError } from "./types.js";

const excerptLength = 600;

// `text` redacted, then cut to a length a report can show, saying how much was left out.
function excerpt(text: string, secrets: readonly string[]): string {
  const clean = redact(text, secrets);
  return clean.length <= excerptLength ? clean : `${clean.slice(0, excerptLength)}… (${clean.length - excerptLength} more characters)`;
}

/** The request as a report shows it: method, URL, headers with the key hidden, a body excerpt. */
export function describeRequest(request: OutgoingRequest, secrets: readonly string[]): CheckFailure["request"] {
  return {
    method: request.method,
    url: redact(request.url, secrets),
    headers: redactHeaders(request.headers, secrets),
    body: request.body === undefined ? "" : excerpt(request.body, secrets),
  };
}

function describeResponse(response: ReceivedResponse, secrets: readonly string[]): NonNullable<CheckFailure["response"]> {
  return {
    status: response.status,
    contentType: redact(response.headers["content-type"] ?? "(none)", secrets),
    body: excerpt(response.body, secrets),
  };
}

/** The failure of `check` on this exchange. */
export function failure(exchange: Exchange, check: CheckFailure["check"], message: string, schemaErrors: SchemaError[] = []): CheckFailure {
  const { secrets } = exchange;
  return {
    check,
    message: redact(message, secrets),
    case: `${exchange.case.operationId}: ${exchange.case.name}`,
    request: describeRequest(exchange.request, secrets),
    response: describeResponse(exchange.response, secrets),
    schemaErrors: schemaErrors.map((error) => ({ ...error, message: redact(error.message, secrets) })),
    curl: curlOf(exchange.request, secrets),
  };
}

/**
 * The ids a 2xx body holds under an `id` key (`{"data": {"id": …}}`), for a request that should have been refused:
 * whatever they name was created by a test, and the person running it should delete it.
 */
export function returnedIds(exchange: Exchange): string[] {
  const { status, body } = exchange.response;
  if (status < 200 || status > 299) return [];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [];
  }
  // A walk with a stack of its own, not recursion: a body nested 100,000 deep must not overflow the call stack.
  const ids: string[] = [];
  const pending: Array<[unknown, string]> = [[value, ""]];
  for (let pair = pending.pop(); pair; pair = pending.pop()) {
    const [node, key] = pair;
    if (typeof node === "string" && /(^|_)id$/i.test(key) && /^[0-9a-f-]{36}$/i.test(node)) ids.push(node);
    else if (Array.isArray(node)) for (let index = node.length - 1; index >= 0; index--) pending.push([node[index], key]);
    else if (node && typeof node === "object") for (const entry of Object.entries(node).reverse()) pending.push([entry[1], entry[0]]);
  }
  return [...new Set(ids)];
}

/** A sentence naming the ids a wrongly accepted request returned, or nothing. */
export function createdNote(exchange: Exchange): string {
  const ids = returnedIds(exchange);
  return ids.length ? `; it returned ${ids.join(", ")}: if that created something, delete it` : "";
}
