import { failure } from "./failure.js";
import type { Check } from "./types.js";

/** No answer is a 5xx: whatever was sent, the server must not fail. */
export const notAServerError: Check = (exchange) =>
  exchange.response.status >= 500
    ? failure(exchange, "not_a_server_error", `the server failed with ${exchange.response.status}`)
    : "passed";
