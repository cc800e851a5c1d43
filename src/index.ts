export { type ClientOptions, createNexorClient, type NexorClient } from "./client.js";
export { APIPromise, PagePromise, type WithResponse } from "./core/api-promise.js";
export type { RequestOptions } from "./core/request.js";
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  type ErrorResponse,
  InternalServerError,
  MessageNotSentError,
  NexorError,
  NotFoundError,
  PageLimitError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  type ResponseDetails,
  ResponseTooLargeError,
  UnexpectedResponseError,
  UnsuccessfulResponseError,
} from "./errors.js";
export type { ValidationIssue } from "./internal/validate.js";
export type * from "./types.js";
