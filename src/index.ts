export { type ClientOptions, createNexorClient, type NexorClient } from "./client.js";
export { APIPromise, type WithResponse } from "./core/api-promise.js";
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
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  type ResponseDetails,
  UnexpectedResponseError,
  UnsuccessfulResponseError,
} from "./errors.js";
export type { ValidationIssue } from "./internal/validate.js";
export type * from "./types.js";
