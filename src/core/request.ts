// The one request path every operation goes through: check the input against the contract, build the URL and the
// body, send it under the client's policy, read the answer once, and turn anything but the documented success into
// a NexorError in the operation's own words.
import { errorFromResponse, type OperationWords, RequestValidationError, unexpectedResponse, unsuccessfulResponse } from "../errors.js";
import { MAX_JSON_DEPTH, snapshot } from "../internal/json.js";
import type { Redactor } from "../internal/redact.js";
import { parseBody, responseDetails } from "../internal/response.js";
import { retryAfterMs } from "../internal/retry.js";
import { type ValidationIssue, validate } from "../internal/validate.js";
import { APIPromise, type WithResponse } from "./api-promise.js";
import { type Phase, settle } from "./failure.js";
import { enveloped, type Operation } from "./operation.js";
import type { Sender } from "./send.js";
import { wordsFor } from "./words.js";

/** Options of one request; each overrides the client's. */
export interface RequestOptions {
  /** Aborts the call; the client then throws APIUserAbortError. */
  signal?: AbortSignal | undefined;
  /** Deadline of the whole call in ms, retries and waits included. */
  timeoutMs?: number | undefined;
  /** Retries of a provably unprocessed request (of any failed attempt, where the operation is idempotent). */
  maxRetries?: number | undefined;
  /** Check the request against the contract before sending. */
  validate?: boolean | undefined;
  /** Headers added to this request. */
  headers?: Record<string, string> | undefined;
  /** Of a paged list: the most pages iteration asks for before it stops with PageLimitError. Default 1,000. */
  maxPages?: number | undefined;
}

/** What every request of a client shares. */
export interface Core {
  /** The base URL without a trailing slash. */
  baseUrl: string;
  /** The client's extra headers, names in lower case. */
  headers: Record<string, string>;
  send: Sender;
  /** Keeps the key and URL credentials out of every error; the key itself is never sent from here. */
  redactor: Redactor;
  validate: boolean;
  timeoutMs: number;
  maxRetries: number;
}

/** The arguments of one call, split by where they go. */
export interface CallInput {
  /** The path parameters, in the order of `operation.pathParams`. */
  ids: readonly unknown[];
  /** The JSON body, or the query parameters, as the operation takes. */
  input?: unknown;
}

/** Calls `operation`; the promise resolves with the parsed success body, or rejects with a NexorError. */
export function request<T>(
  core: Core,
  operation: Operation,
  words: OperationWords,
  call: CallInput,
  options: RequestOptions = {},
): APIPromise<T> {
  return new APIPromise(perform<T>(core, operation, words, call, options));
}

/** The call itself: the parsed success body with its response, or a rejection with a NexorError. */
export async function perform<T>(
  core: Core,
  operation: Operation,
  words: OperationWords,
  call: CallInput,
  options: RequestOptions,
): Promise<WithResponse<T>> {
  // Where the call is, for the failure: nothing left yet, being sent, or answered.
  let phase: Phase = "before-sending";
  try {
    const { input } = call;
    // The body is serialised once, before anything else reads it: validation, the retry rule and the wire all see the
    // same plain value, with only what JSON.stringify sends (own enumerable properties, getters run once, toJSON).
    let body: unknown;
    let text: string | undefined;
    const validating = options.validate ?? core.validate;
    if (operation.body !== undefined && input !== undefined) {
      // The value read back is needed only by validation and by a rule on the body's fields.
      const taken = snapshot(input, validating || operation.idempotentWhen !== undefined || operation.contactsWhen !== undefined);
      if ("problem" in taken) throw new RequestValidationError([{ path: "", message: taken.problem }]);
      ({ text, value: body } = taken);
    }
    const issues = pathIssues(operation, call.ids);
    if (issues.length === 0 && validating) {
      const { schema, parameters } = operation;
      if (schema !== undefined && (body !== undefined || operation.body === "required")) issues.push(...validate(schema, body));
      if (parameters?.path)
        issues.push(...validate(parameters.path, Object.fromEntries(operation.pathParams.map((name, index) => [name, call.ids[index]]))));
      if (parameters?.query && input !== undefined) issues.push(...validate(parameters.query, input, "query"));
    }
    if (issues.length > 0) throw new RequestValidationError(issues);

    let target: string;
    try {
      target = `${core.baseUrl}${fillPath(operation, call.ids)}${operation.query ? queryString(operation, input) : ""}`;
    } catch {
      // encodeURIComponent's URIError: a string with a lone surrogate, which no URL can carry.
      throw new RequestValidationError([{ path: "", message: "a path id or query value is not well-formed Unicode (a lone surrogate)" }]);
    }
    const headers: Record<string, string> = { accept: "application/json", ...core.headers };
    if (text !== undefined) headers["content-type"] = "application/json";
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;

    const idempotent =
      operation.idempotent === true || (operation.idempotentWhen !== undefined && carriesAll(body, operation.idempotentWhen));
    // The words of this call: one whose body carries none of the fields that reach a person (a lead created without a
    // workflow) contacts no one, and one made idempotent by its body (idempotentWhen) is retried; its errors say so.
    const quiet = operation.contactsWhen !== undefined && !carriesAny(body, operation.contactsWhen);
    if (quiet || idempotent !== (operation.idempotent === true))
      words = wordsFor({ ...operation, idempotent, ...(quiet && { contacts: undefined }) });
    phase = "sending";
    const sending = core.send(
      { method: operation.method, url: target, headers, body: text },
      {
        signal: options.signal,
        timeoutMs: options.timeoutMs ?? core.timeoutMs,
        maxRetries: options.maxRetries ?? core.maxRetries,
        idempotent,
        words,
      },
    );
    const { response, body: answer, processed } = await sending;
    phase = "after-sending";

    // An error body is walked (redacted, quoted): one nested past the bound stays text. A success body is the caller's.
    const parsed = parseBody(answer, response.ok ? undefined : MAX_JSON_DEPTH);
    // Redacted copies of the body and headers, for errors only: a successful call never pays for them.
    const details = () => responseDetails(response, parsed, core.redactor);
    if (!response.ok) {
      const wait = retryAfterMs(response.headers);
      throw errorFromResponse(details(), wait === undefined ? undefined : wait / 1000, words, processed);
    }
    // Every documented success body is a JSON object, or an array (a bulk create's undocumented answer).
    if (typeof parsed !== "object" || parsed === null) {
      const what = `a success status but ${parsed === undefined ? "an empty body" : "a body that is not a JSON object or array"}, so the result is unknown`;
      throw unexpectedResponse(details(), true, words, what);
    }
    if (operation.successFlag !== undefined && (parsed as Record<string, unknown>)[operation.successFlag] === false) {
      throw unsuccessfulResponse(details(), operation.successFlag, words);
    }
    const requestId = response.headers.get("x-request-id") ?? response.headers.get("request-id") ?? undefined;
    return { data: enveloped(operation.envelope, parsed) as T, response, requestId };
  } catch (error) {
    throw settle(error, phase, core.redactor, words);
  }
}

/**
 * Path ids that cannot be sent whatever the validation setting: an id must be a non-empty string, and never `.` or
 * `..`, which a URL resolves to another path. Everything else is percent-encoded, `/` included.
 */
function pathIssues(operation: Operation, ids: readonly unknown[]): ValidationIssue[] {
  return operation.pathParams.flatMap((name, index) => {
    const id = ids[index];
    if (typeof id === "string" && id !== "" && id !== "." && id !== "..") return [];
    const what = typeof id === "string" ? `"${id}" cannot be a path segment` : `must be a string, got ${id === null ? "null" : typeof id}`;
    return [{ path: name, message: `${name} ${what}` }];
  });
}

function fillPath(operation: Operation, ids: readonly unknown[]): string {
  let path = operation.path;
  operation.pathParams.forEach((name, index) => {
    path = path.replace(`{${name}}`, encodeURIComponent(ids[index] as string));
  });
  return path;
}

/** The query string of the operation's parameters present in `input` (`?a=1&b=x,y`), empty when there are none. */
function queryString(operation: Operation, input: unknown): string {
  if (typeof input !== "object" || input === null) return "";
  const pairs: string[] = [];
  const encode = (value: unknown) => encodeURIComponent(String(value));
  for (const { name, explode } of operation.query ?? []) {
    const value = (input as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    // OpenAPI's form style: exploded, one pair per item; else the items encoded one by one, joined by a literal comma.
    if (explode) pairs.push(...values.map((item) => `${encode(name)}=${encode(item)}`));
    else pairs.push(`${encode(name)}=${values.map(encode).join(",")}`);
  }
  return pairs.length ? `?${pairs.join("&")}` : "";
}

/** Whether a field of a body as sent counts: present, not null and not empty, since "" names nothing. */
const carries = (body: unknown, field: string): boolean => {
  const value = (body as Record<string, unknown>)[field];
  return value != null && value !== "";
};

/** Whether the body (a snapshot: own properties only), or any item of a bulk body, carries one of `fields`. */
function carriesAny(body: unknown, fields: readonly string[]): boolean {
  if (Array.isArray(body))
    return body.some((item) => typeof item === "object" && item !== null && !Array.isArray(item) && carriesAny(item, fields));
  return typeof body === "object" && body !== null && fields.some((field) => carries(body, field));
}

function carriesAll(body: unknown, fields: readonly string[]): boolean {
  return typeof body === "object" && body !== null && !Array.isArray(body) && fields.every((field) => carries(body, field));
}
