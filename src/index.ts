export { type ClientOptions, createNexorClient, type NexorClient } from "./client.js";
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  type ErrorResponse,
  InternalServerError,
  MessageNotSentError,
  NexorError,
  NotFoundError,
  RateLimitError,
  RequestValidationError,
  type ResponseDetails,
  UnexpectedResponseError,
} from "./errors.js";
export type { ValidationIssue } from "./internal/validate.js";
export type { Messages, RequestOptions } from "./resources/messages.js";
export type * from "./types.js";
