// Every failure of the client is one of these classes. Each message says what happened, whether Nexor may already
// have acted on the request (and whom that may have reached), and what to do next, in the words of the operation at
// hand. None of them ever holds the API key: messages and bodies pass through redaction, and request headers are
// never kept.
import type { components } from "../generated/openapi.js";
import type { ValidationIssue } from "./internal/validate.js";

/** The error body Nexor's endpoints answer with: `{ error, message? }`. */
export type ErrorResponse = components["schemas"]["ErrorResponse"];

/** Where the key is given and where it is found, for every error about it. */
export const KEY_HELP = "apiKey or NEXOR_API_KEY (Nexor dashboard → profile → Integrations)";

/** What an error says of the operation it concerns; built from the operation's spec (see core/words.ts). */
export interface OperationWords {
  /** The sentence for a request Nexor may have acted on, e.g. "The lead may already have been contacted: …". */
  mayHaveBeenProcessed: string;
  /** What to check before trying again, by status (`404`) or `unsuccessful`. */
  hints?: Readonly<Record<string, string>> | undefined;
  /** Repeating the operation is harmless, so the client retried it after failures that may hide a processed attempt. */
  idempotent?: boolean | undefined;
}

/** The words for a request the client knows nothing about (the openapi-fetch escape hatch). */
export const GENERIC_WORDS: OperationWords = {
  mayHaveBeenProcessed: "Nexor may already have acted on it: check before sending it again",
};

/** What a failure adds when an earlier attempt of the call may have been acted on (a 503 before it), whatever this one says. */
export const earlier = (processed: boolean, words: OperationWords): string =>
  processed ? ` An earlier attempt may have been processed. ${words.mayHaveBeenProcessed}.` : "";

/** The base class of every error this client throws. */
export class NexorError extends Error {
  override readonly name: string = "NexorError";
  /** True when Nexor may have acted on the request, so that sending it again could do it twice. */
  declare readonly mayHaveBeenProcessed: boolean;

  constructor(message: string, options: { mayHaveBeenProcessed?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.mayHaveBeenProcessed = options.mayHaveBeenProcessed ?? false;
  }

  /** @deprecated Renamed `mayHaveBeenProcessed`; this alias goes in the next major version. */
  get mayHaveBeenSent(): boolean {
    return this.mayHaveBeenProcessed;
  }

  /** A plain object for logs: the name, the message and the error's own fields. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** The client was created with options it cannot work with (a missing key, an insecure base URL…). */
export class ConfigurationError extends NexorError {
  override readonly name = "ConfigurationError";
}

/** The request breaks the contract; it was checked locally and nothing was sent. */
export class RequestValidationError extends NexorError {
  override readonly name = "RequestValidationError";
  /** Each problem, with the field it concerns. */
  declare readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(`Invalid request, nothing was sent: ${issues.map((issue) => issue.message).join("; ")}.`);
    this.issues = issues;
  }
}

/** What the client keeps of an HTTP response for its errors. */
export interface ResponseDetails {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body, or the text when it is not JSON; redacted. */
  body: unknown;
}

/** Nexor answered with an error status. `status`, `body` and `headers` say how. */
export class APIError<TBody = ErrorResponse> extends NexorError {
  override readonly name: string = "APIError";
  declare readonly status: number;
  declare readonly body: TBody;
  declare readonly headers: Record<string, string>;
  /** The server's request id (`x-request-id` or `request-id`), to quote to Nexor's support. */
  declare readonly requestId: string | undefined;

  constructor(response: ResponseDetails, message: string, mayHaveBeenProcessed = false) {
    super(message, { mayHaveBeenProcessed });
    this.status = response.status;
    this.body = response.body as TBody;
    this.headers = response.headers;
    this.requestId = response.headers["x-request-id"] ?? response.headers["request-id"];
  }
}

/** 400: Nexor rejected this attempt, which did nothing (an earlier one may have: `mayHaveBeenProcessed`); fix the field it names. */
export class BadRequestError extends APIError {
  override readonly name = "BadRequestError";
}

/** 401: the API key is missing or invalid. */
export class AuthenticationError extends APIError {
  override readonly name = "AuthenticationError";
}

/** 403: the key may not do this (MCP keys carry scopes; REST keys are full-access). */
export class PermissionDeniedError extends APIError {
  override readonly name = "PermissionDeniedError";
}

/** 404: something the request names does not exist in the key's account. */
export class NotFoundError extends APIError {
  override readonly name = "NotFoundError";
}

/** 409: the request conflicts with what exists (a tag slug already taken). */
export class ConflictError extends APIError {
  override readonly name = "ConflictError";
}

/**
 * 429: Nexor is rate limiting. Retried automatically (safe: nothing was processed) within maxRetries, a wait of at
 * most 60 s and the call's deadline; thrown once any of those stops the retries.
 */
export class RateLimitError extends APIError<unknown> {
  override readonly name = "RateLimitError";
  /** Seconds Nexor asked to wait (`Retry-After`), when it said. */
  declare readonly retryAfter: number | undefined;

  constructor(response: ResponseDetails, message: string, retryAfter: number | undefined, mayHaveBeenProcessed = false) {
    super(response, message, mayHaveBeenProcessed);
    this.retryAfter = retryAfter;
  }
}

/** 5xx with Nexor's error body. Retried only where repeating the operation is safe. */
export class InternalServerError extends APIError {
  override readonly name = "InternalServerError";
}

/**
 * An answer the client cannot read as the contract describes: an HTML page from a proxy, invalid JSON, an empty
 * body, a redirect it will not follow. `status` and a redacted excerpt of the body say what came back.
 */
export class UnexpectedResponseError extends APIError<unknown> {
  override readonly name = "UnexpectedResponseError";
}

/**
 * Nexor answered 2xx but its success flag is false: it handled the request and reports the action was not done
 * (`POST /messages` with `success: false`: the message was not sent). Never retried.
 */
export class UnsuccessfulResponseError extends APIError<unknown> {
  override readonly name = "UnsuccessfulResponseError";
}

/**
 * The answer was larger than `maxResponseBytes` (counted after decompression, as it arrived), so the client stopped
 * reading it. `body` keeps at most a short, redacted prefix. Never retried: raise `maxResponseBytes` if the answer is
 * expected to be that large, or check what sits between the client and Nexor.
 */
export class ResponseTooLargeError extends APIError<string> {
  override readonly name = "ResponseTooLargeError";
  /** The limit passed, in bytes. */
  declare readonly limit: number;

  constructor(response: ResponseDetails, message: string, limit: number, mayHaveBeenProcessed: boolean) {
    super(response, message, mayHaveBeenProcessed);
    this.limit = limit;
  }
}

/**
 * A paged list went on past `maxPages` pages: a server that ignores `offset` and never repeats an item would otherwise
 * be iterated for ever. The items before it were yielded; raise `maxPages` or narrow the query if the list is that long.
 */
export class PageLimitError extends NexorError {
  override readonly name = "PageLimitError";
  /** The limit passed, in pages. */
  declare readonly maxPages: number;

  constructor(message: string, maxPages: number) {
    super(message);
    this.maxPages = maxPages;
  }
}

/** @deprecated Renamed `UnsuccessfulResponseError`, which every operation with a success flag throws; this alias goes in the next major version. */
export const MessageNotSentError = UnsuccessfulResponseError;
/** @deprecated Renamed `UnsuccessfulResponseError`. */
export type MessageNotSentError = UnsuccessfulResponseError;

/** The connection to Nexor failed. `mayHaveBeenProcessed` is false only when the request provably never left. */
export class APIConnectionError extends NexorError {
  override readonly name: string = "APIConnectionError";
}

/** No complete response within the timeout. The request was sent and may have been processed; it was not retried. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override readonly name = "APIConnectionTimeoutError";
}

/** The caller aborted the request through its `signal`. */
export class APIUserAbortError extends NexorError {
  override readonly name = "APIUserAbortError";
}

/** `error: message`, from the documented error bodies `{error, message}` and `{error}` alike. */
const detail = (body: ErrorResponse) => [body.error, body.message].filter((part) => typeof part === "string" && part !== "").join(": ");

/** Whether a body has the documented error shape, `{ error: string, message?: string }`. */
const isErrorResponse = (body: unknown): body is ErrorResponse =>
  typeof body === "object" && body !== null && typeof (body as ErrorResponse).error === "string";

/**
 * The error class and the default advice of each status that refuses a request, then the advice when an earlier attempt
 * may have been processed, which cannot say nothing was done; a hint of the operation comes first.
 */
const REFUSALS: Record<number, [typeof APIError<unknown>, string, string?]> = {
  400: [
    BadRequestError,
    "Nothing was done: fix what it names and send it again.",
    "This attempt was refused: fix what it names and send it again.",
  ],
  401: [AuthenticationError, `Check ${KEY_HELP}.`],
  403: [PermissionDeniedError, "Use a REST key (full access), or one with the scope named."],
  404: [NotFoundError, "Check that the ids in the request exist in this API key's account."],
  409: [ConflictError, "It conflicts with what already exists; nothing was changed.", "It conflicts with what already exists."],
};

/**
 * The error for a non-2xx response: one class per status, chosen from the status and the body. `processed` says an
 * earlier attempt of the same call may have been acted on (a 503 before this answer), whatever this one says.
 */
export function errorFromResponse(
  response: ResponseDetails,
  retryAfter: number | undefined,
  words: OperationWords,
  processed = false,
): APIError<unknown> {
  const { status, body } = response;
  // What an answer that refuses this attempt cannot say of an earlier one.
  const before = earlier(processed, words);
  if (status === 429) {
    const wait = retryAfter === undefined ? "" : ` Nexor asked to wait ${retryAfter} s.`;
    // Thrown when retries are used up, and also when the wait asked for passes 60 s or the call's deadline.
    return new RateLimitError(
      response,
      `Nexor answered 429 (rate limited) and the client stopped retrying.${wait}${before || " Nothing was done: send it again later."}`,
      retryAfter,
      processed,
    );
  }
  // Only a 4xx says Nexor refused the request; any other status with an unreadable body may hide a processed one. A
  // 408 too: a proxy may answer it after the request went on.
  const unsure = status < 400 || status >= 500 || status === 408;
  if (!isErrorResponse(body)) return unexpectedResponse(response, unsure || processed, words);
  const server = `Nexor answered ${status} (${detail(body)}).`;
  if (unsure) {
    const retried = words.idempotent ? "It was retried while maxRetries and the deadline allowed." : "It was not retried.";
    const message = `${server} ${retried} ${words.mayHaveBeenProcessed}.`;
    return status >= 500 ? new InternalServerError(response, message, true) : new APIError(response, message, true);
  }
  const [Refusal, advice, afterEarlier = advice] = REFUSALS[status] ?? [APIError, "Nexor documents no such status for this operation."];
  return new Refusal(response, `${server} ${words.hints?.[status] ?? (processed ? afterEarlier : advice)}${before}`, processed);
}

/** The error for a response the contract does not describe. */
export function unexpectedResponse(
  response: ResponseDetails,
  mayHaveBeenProcessed: boolean,
  words: OperationWords,
  what?: string,
): UnexpectedResponseError {
  const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
  const excerpt = text === undefined || text === "" ? "an empty body" : `"${text.slice(0, 120)}"`;
  const processed = mayHaveBeenProcessed ? ` ${words.mayHaveBeenProcessed}.` : "";
  return new UnexpectedResponseError(
    response,
    `Nexor answered ${response.status} with ${what ?? `a body the contract does not describe, often a proxy's error: ${excerpt}`}.${processed}`,
    mayHaveBeenProcessed,
  );
}

/** The error for a 2xx whose success flag (`flag`) is false. */
export function unsuccessfulResponse(response: ResponseDetails, flag: string, words: OperationWords): UnsuccessfulResponseError {
  const hint = words.hints?.unsuccessful ?? "Check why before sending it again.";
  return new UnsuccessfulResponseError(
    response,
    `Nexor answered ${response.status} but ${flag} is false: the request was not carried out, and not retried. ${hint}`,
  );
}
