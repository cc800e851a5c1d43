// Every failure of the client is one of these classes. Each message says what happened, whether the lead may
// already have been contacted, and what to do next. None of them ever holds the API key: messages and bodies pass
// through redaction, and request headers are never kept.
import type { components } from "../generated/openapi.js";
import type { ValidationIssue } from "./internal/validate.js";

/** The error body Nexor's endpoints answer with: `{ error, message? }`. */
export type ErrorResponse = components["schemas"]["ErrorResponse"];

const KEY_HELP =
  "Check the apiKey option or NEXOR_API_KEY; the key is in the Nexor dashboard under your profile (bottom left) → Integrations";
/** The advice every error that may hide a processed send ends with. */
export const CHECK_HISTORY = "check the lead's history before sending again";
const MAYBE_SENT = `The lead may already have been contacted: ${CHECK_HISTORY}`;

/** The base class of every error this client throws. */
export class NexorError extends Error {
  override readonly name: string = "NexorError";
  /** True when Nexor may have acted on the request, so resending it could contact the lead twice. */
  readonly mayHaveBeenSent: boolean;

  constructor(message: string, options: { mayHaveBeenSent?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.mayHaveBeenSent = options.mayHaveBeenSent ?? false;
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

/** The request body breaks the contract; it was checked locally and nothing was sent. */
export class RequestValidationError extends NexorError {
  override readonly name = "RequestValidationError";
  /** Each problem, with the field it concerns. */
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(`Invalid request body, nothing was sent: ${issues.map((issue) => issue.message).join("; ")}.`);
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
  readonly status: number;
  readonly body: TBody;
  readonly headers: Record<string, string>;
  /** The server's request id (`x-request-id` or `request-id`), to quote to Nexor's support. */
  readonly requestId: string | undefined;

  constructor(response: ResponseDetails, message: string, mayHaveBeenSent = false) {
    super(message, { mayHaveBeenSent });
    this.status = response.status;
    this.body = response.body as TBody;
    this.headers = response.headers;
    this.requestId = response.headers["x-request-id"] ?? response.headers["request-id"];
  }
}

/** 400: Nexor rejected the body. Nothing was sent; fix the field it names. */
export class BadRequestError extends APIError {
  override readonly name = "BadRequestError";
}

/** 401: the API key is missing or invalid. */
export class AuthenticationError extends APIError {
  override readonly name = "AuthenticationError";
}

/** 404: the lead or workflow does not exist in the key's account. */
export class NotFoundError extends APIError {
  override readonly name = "NotFoundError";
}

/**
 * 429: Nexor is rate limiting. Retried automatically (safe: nothing was processed) within maxRetries, a wait of at
 * most 60 s and the call's deadline; thrown once any of those stops the retries.
 */
export class RateLimitError extends APIError<unknown> {
  override readonly name = "RateLimitError";
  /** Seconds Nexor asked to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(response: ResponseDetails, message: string, retryAfter: number | undefined) {
    super(response, message);
    this.retryAfter = retryAfter;
  }
}

/** 5xx with Nexor's error body. Never retried: the message may or may not have been sent. */
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

/** Nexor answered 200 with `success: false`: it handled the request and reports the message was not sent. */
export class MessageNotSentError extends NexorError {
  override readonly name = "MessageNotSentError";
  /** The response body, as Nexor sent it (redacted). */
  readonly body: unknown;

  constructor(body: unknown) {
    super(
      "Nexor answered 200 but reports the message was not sent (success: false). It was not retried; check the lead can be reached on this channel (phone or email, the WhatsApp 24-hour window) before sending again.",
    );
    this.body = body;
  }
}

/** The connection to Nexor failed. `mayHaveBeenSent` is false only when the request provably never left. */
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

const detail = (body: unknown) => {
  const { error, message } = (body ?? {}) as Partial<ErrorResponse>;
  return [error, message].filter((part) => typeof part === "string").join(": ");
};

/** Whether a body has the documented error shape, `{ error: string, message?: string }`. */
const isErrorResponse = (body: unknown): body is ErrorResponse =>
  typeof body === "object" && body !== null && typeof (body as ErrorResponse).error === "string";

/** The error for a non-2xx response: one class per documented status, chosen from the status and the body. */
export function errorFromResponse(response: ResponseDetails, retryAfter: number | undefined): APIError<unknown> {
  const { status, body } = response;
  if (status === 429) {
    const wait = retryAfter === undefined ? "" : ` Nexor asked to wait ${retryAfter} s.`;
    // Thrown when retries are used up, and also when the wait asked for passes 60 s or the call's deadline.
    return new RateLimitError(
      response,
      `Nexor is rate limiting requests (429) and the client stopped retrying.${wait} Nothing was sent: send again later.`,
      retryAfter,
    );
  }
  // Only a 4xx says Nexor refused the request; any other status with an unreadable body may hide a processed one.
  if (!isErrorResponse(body)) return unexpectedResponse(response, status < 400 || status >= 500);
  const server = `Nexor answered ${status} (${detail(body)}).`;
  if (status === 400) return new BadRequestError(response, `${server} Nothing was sent: fix the field it names and send again.`);
  if (status === 401) return new AuthenticationError(response, `${server} ${KEY_HELP}.`);
  if (status === 404) {
    return new NotFoundError(response, `${server} Check that lead_id and workflow_id exist and belong to the account of this API key.`);
  }
  if (status >= 500) return new InternalServerError(response, `${server} It was not retried. ${MAYBE_SENT}.`, true);
  return new APIError(response, `${server} Nexor documents no such status for this operation.`);
}

/** The error for a response the contract does not describe. */
export function unexpectedResponse(response: ResponseDetails, mayHaveBeenSent: boolean, what?: string): UnexpectedResponseError {
  const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
  const excerpt = text === undefined || text === "" ? "an empty body" : `"${text.slice(0, 120)}"`;
  const sent = mayHaveBeenSent ? ` ${MAYBE_SENT}.` : "";
  return new UnexpectedResponseError(
    response,
    `Nexor answered ${response.status} with ${what ?? `a body the contract does not describe: ${excerpt}`}. This is often a proxy or gateway error.${sent}`,
    mayHaveBeenSent,
  );
}
