// Builds the failure a check reports. Everything that leaves here has been redacted first and cut second, so that
// a cut can never leave half a key behind.
import type { OutgoingRequest, ReceivedResponse } from "../http.js";
import { redact, redactHeaders } from "../redact.js";
import type { CheckFailure, CheckName, Exchange, SchemaError } from "./types.js";

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
    body: excerpt(request.body, secrets),
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
export function failure(exchange: Exchange, check: CheckName, message: string, schemaErrors: SchemaError[] = []): CheckFailure {
  const { secrets } = exchange;
  return {
    check,
    message: redact(message, secrets),
    case: exchange.case.name,
    request: describeRequest(exchange.request, secrets),
    response: describeResponse(exchange.response, secrets),
    schemaErrors: schemaErrors.map((error) => ({ ...error, message: redact(error.message, secrets) })),
  };
}
