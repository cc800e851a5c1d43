// Hand-made operations for tests of the request core, so that behaviour every operation shares is tested apart from
// the operations the spec happens to hold. They carry no request schema, so the contract never validates them.
import { type ClientOptions, createCore } from "../../src/client.js";
import type { APIPromise } from "../../src/core/api-promise.js";
import type { Transport } from "../../src/core/exchange.js";
import type { Operation } from "../../src/core/operation.js";
import { type CallInput, type RequestOptions, request } from "../../src/core/request.js";
import { wordsFor } from "../../src/core/words.js";
import { API_KEY } from "./examples.js";

/** An operation as the generator writes one: by default a POST /things with an optional body, not idempotent. */
export function operation(fields: Partial<Operation> = {}): Operation {
  return { method: "POST", path: "/things", pathParams: [], body: "optional", ...fields };
}

/** A read, as the spec's GET operations are: idempotent, one path id. */
export const readLead = operation({
  method: "GET",
  path: "/leads/{id}",
  pathParams: ["id"],
  body: undefined,
  idempotent: true,
});

/**
 * Calls `op` through a client core created with the test key and `client`, as a generated method does; its calls go out
 * through `client.transport` when given (see transports.ts), else through fetch.
 */
export function callOperation<T = unknown>(
  op: Operation,
  { transport, ...client }: ClientOptions & { transport?: Transport },
  call: CallInput = { ids: [] },
  options?: RequestOptions,
): APIPromise<T> {
  return request<T>(createCore({ apiKey: API_KEY, ...client }, transport), op, wordsFor(op), call, options);
}
