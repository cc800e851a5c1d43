// POST /messages: send one message to a lead, or start one AI call.
import { requestSchemas } from "../../generated/request-schemas.js";
import type { Core } from "../client.js";
import { errorFromResponse, MessageNotSentError, RequestValidationError, unexpectedResponse } from "../errors.js";
import { parseBody, responseDetails } from "../internal/response.js";
import { retryAfterMs } from "../internal/retry.js";
import type { CallOptions } from "../internal/transport.js";
import { validate } from "../internal/validate.js";
import type { MessageChannel, MessageSent, SendMessageRequest } from "../types.js";

/** Options of one request. */
export interface RequestOptions extends CallOptions {
  /** Check the body against the contract before sending (default: the client's `validate`). */
  validate?: boolean | undefined;
}

/** The messages resource. */
export interface Messages {
  /**
   * Sends one message to a lead, or starts one AI call, and resolves once Nexor confirms it. Throws a NexorError
   * subclass otherwise. Never resent once Nexor may have received it: only refused connections, failed DNS lookups
   * and 429s are retried.
   */
  send<C extends MessageChannel>(body: SendMessageRequest & { channel: C }, options?: RequestOptions): Promise<MessageSent<C>>;
}

/** The messages resource over a client's core. */
export function messages(core: Core): Messages {
  return {
    async send(body, options = {}) {
      if (options.validate ?? core.validate) {
        const issues = validate(requestSchemas.sendMessage, body);
        if (issues.length > 0) throw new RequestValidationError(issues);
      }
      const { data, error, response } = await core.http.POST("/messages", {
        body,
        parseAs: "text",
        fetch: (request: Request) => core.send(request, options),
      });
      const parsed = response.ok ? parseBody(data) : error;
      // Redacted copies of the body and headers, for errors only: a successful send never pays for them.
      const details = () => responseDetails(response, parsed, core.secret);
      if (!response.ok) {
        const wait = retryAfterMs(response.headers);
        throw errorFromResponse(details(), wait === undefined ? undefined : wait / 1000);
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw unexpectedResponse(
          details(),
          true,
          `a success status but ${parsed === undefined ? "an empty body" : "a body that is not a JSON object"}, so the result is unknown`,
        );
      }
      if ((parsed as { success?: unknown }).success === false) throw new MessageNotSentError(details().body);
      return parsed;
    },
  };
}
