// The one request path every operation goes through: check the input against the contract, build the URL and the
// body, send it under the client's policy, read the answer once, and turn anything but the documented success into
// a NexorError in the operation's own words.
import { parameterSchemas, type RequestSchema, requestSchemas } from "../../generated/request-schemas.js";
import { errorFromResponse, type OperationWords, RequestValidationError, unexpectedResponse, unsuccessfulResponse } from "../errors.js";
import { parseBody, responseDetails } from "../internal/response.js";
import { retryAfterMs } from "../internal/retry.js";
import { type ValidationIssue, validate } from "../internal/validate.js";
import { APIPromise, type WithResponse } from "./api-promise.js";
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
}

/** What every request of a client shares. */
export interface Core {
  /** The base URL without a trailing slash. */
  baseUrl: string;
  /** The client's extra headers, names in lower case. */
  headers: Record<string, string>;
  send: Sender;
  /** The key, for redacting error details; never sent from here. */
  secret: string;
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
  const { input } = call;
  const body = operation.body === undefined ? undefined : input;
  const issues = pathIssues(operation, call.ids);
  if (issues.length === 0 && (options.validate ?? core.validate)) {
    const schema = (requestSchemas as Record<string, RequestSchema | undefined>)[operation.id];
    if (schema !== undefined && (body !== undefined || operation.body === "required")) issues.push(...validate(schema, body));
    const parameters = parameterSchemas[operation.id];
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
  const url = new URL(target);
  const headers: Record<string, string> = { accept: "application/json", ...core.headers };
  if (body !== undefined) headers["content-type"] = "application/json";
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;

  const idempotent =
    operation.idempotent === true || (operation.idempotentWhen !== undefined && carriesAll(body, operation.idempotentWhen));
  // The words of this call: one whose body carries none of the fields that reach a person (a lead created without a
  // workflow) contacts no one, and one made idempotent by its body (idempotentWhen) is retried; its errors say so.
  const quiet = operation.contactsWhen !== undefined && !carriesAny(body, operation.contactsWhen);
  if (quiet || idempotent !== (operation.idempotent === true))
    words = wordsFor({ ...operation, idempotent, ...(quiet && { contacts: undefined }) });
  const {
    response,
    body: text,
    processed,
  } = await core.send(
    { method: operation.method, url, headers, body: body === undefined ? undefined : serialize(body) },
    {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? core.timeoutMs,
      maxRetries: options.maxRetries ?? core.maxRetries,
      idempotent,
      words,
    },
  );

  const parsed = parseBody(text);
  // Redacted copies of the body and headers, for errors only: a successful call never pays for them.
  const details = () => responseDetails(response, parsed, core.secret);
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
  const pair = (name: string, value: unknown) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
  for (const { name, explode } of operation.query ?? []) {
    const value = (input as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) pairs.push(pair(name, value));
    else if (explode) pairs.push(...value.map((item) => pair(name, item)));
    // OpenAPI's form style without explode: the items encoded one by one, joined by a literal comma.
    else pairs.push(`${encodeURIComponent(name)}=${value.map((item) => encodeURIComponent(String(item))).join(",")}`);
  }
  return pairs.length ? `?${pairs.join("&")}` : "";
}

/** Whether the body, or any item of a bulk body, carries one of `fields`. */
function carriesAny(body: unknown, fields: readonly string[]): boolean {
  if (Array.isArray(body)) return body.some((item) => carriesAny(item, fields));
  return typeof body === "object" && body !== null && fields.some((field) => (body as Record<string, unknown>)[field] != null);
}

function carriesAll(body: unknown, fields: readonly string[]): boolean {
  return typeof body === "object" && body !== null && fields.every((field) => (body as Record<string, unknown>)[field] != null);
}

/** JSON.stringify, with a body it cannot serialise (a BigInt, a cycle) reported as invalid before anything is sent. */
function serialize(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new RequestValidationError([{ path: "", message: `body cannot be sent as JSON (${(error as Error).message})` }]);
  }
}
