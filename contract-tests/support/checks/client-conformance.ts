// client_conformance: the toolkit's client agrees with the server on the case it was just sent (made through the
// client by client-replay.ts, the answer replayed). Three promises, each reported by its number:
// 1. a request the server accepted (2xx) passes the client's local validation;
// 2. a documented 2xx answer comes back from the method unchanged (deep equal to the answer's JSON);
// 3. a documented error becomes its documented error class, with mayHaveBeenProcessed right.
// 2 and 3 judge only an answer that keeps the contract (documented status, JSON, valid body): one that breaks it is
// another check's finding, and the client is free to refuse it. An accepted negative is negative_data_rejection's.
import { isDeepStrictEqual } from "node:util";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnsuccessfulResponseError,
} from "../../../src/index.js";
import { atPointer, operationById } from "../operations.js";
import { pointerSegment, resolveRef } from "../spec.js";
import { documentedJsonSchema, parseJson, schemaErrors } from "./body.js";
import { failure } from "./failure.js";
import type { Check, ClientOutcome, Exchange } from "./types.js";

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The class the client documents for each error status (src/errors.ts), and whether Nexor may have acted on the
 * request: a 4xx refuses it (nothing was done), except a 408, which a proxy may answer after the request went on;
 * a 5xx may come after the work was done.
 */
export function documentedError(status: number): { type: ErrorClass; name: string; mayHaveBeenProcessed: boolean } {
  const byStatus: Record<number, ErrorClass> = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
  };
  const type = byStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
  return { type, name: type.name, mayHaveBeenProcessed: status >= 500 || status === 408 };
}

const promises = {
  1: "a request the server accepted passes the client's validation",
  2: "a 2xx answer comes back from the method unchanged",
  3: "a documented error becomes its documented error class",
} as const;

function broken(exchange: Exchange, outcome: ClientOutcome, promise: 1 | 2 | 3, what: string) {
  return failure(exchange, "client_conformance", `${outcome.method}: promise ${promise} broken (${promises[promise]}): ${what}`);
}

/** The error a method threw, in one phrase: its class and message, or what was thrown instead of an Error. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `threw ${typeof error} ${String(error).slice(0, 100)}`;
  const processed = "mayHaveBeenProcessed" in error ? `, mayHaveBeenProcessed ${String(error.mayHaveBeenProcessed)}` : "";
  return `threw ${error.name}${processed}: ${error.message}`;
}

/**
 * Where two JSON values first differ, depth first, as a JSON pointer (`/lead/email`, `""` for the whole value);
 * undefined when they are deep equal (same keys, same prototypes, same primitives). A walk with a stack of its own, not
 * recursion: an answer nested 100,000 deep under an undeclared key is valid, and must not overflow the call stack.
 */
export function firstDifference(actual: unknown, expected: unknown): string | undefined {
  const pending: Array<[unknown, unknown, string]> = [[actual, expected, ""]];
  const segment = (key: string) => `/${pointerSegment(key)}`;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [left, right, at] = next;
    if (Object.is(left, right)) continue;
    if (typeof left !== "object" || left === null || typeof right !== "object" || right === null) return at;
    if (Array.isArray(left) !== Array.isArray(right) || Object.getPrototypeOf(left) !== Object.getPrototypeOf(right)) return at;
    const leftKeys = Object.keys(left);
    const rightKeys = Object.keys(right);
    const odd = rightKeys.find((key) => !Object.hasOwn(left, key)) ?? leftKeys.find((key) => !Object.hasOwn(right, key));
    if (odd !== undefined) return `${at}${segment(odd)}`;
    for (const key of rightKeys.reverse())
      pending.push([(left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key], `${at}${segment(key)}`]);
  }
  return undefined;
}

/** The requests' method, path and query (as decoded pairs, in any order), JSON body and key, equal. */
function sameRequest(sent: NonNullable<ClientOutcome["sent"]>, request: Exchange["request"]): boolean {
  if (!sent.sameKey) return false;
  const client = new URL(sent.url);
  const suite = new URL(request.url);
  const pairs = (url: URL) => [...url.searchParams].map((pair) => pair.join("=")).sort();
  const segments = (url: URL) => url.pathname.split("/").map((segment) => decodeURIComponent(segment));
  const body = (text: string | undefined) => (text === undefined ? undefined : parseJson(text));
  return (
    sent.method.toUpperCase() === request.method.toUpperCase() &&
    client.origin === suite.origin &&
    isDeepStrictEqual(segments(client), segments(suite)) &&
    isDeepStrictEqual(pairs(client), pairs(suite)) &&
    isDeepStrictEqual(body(sent.body), body(request.body))
  );
}

/** The success value the client promises for this answer: the body itself, or wrapped in its `x-nexor-envelope`. */
function expectedData(pointer: string, body: unknown): unknown {
  const schema = resolveRef(atPointer(pointer) as Record<string, unknown>);
  const envelope = schema["x-nexor-envelope"];
  if (typeof envelope !== "string" || typeof body !== "object" || body === null || Array.isArray(body) || Object.hasOwn(body, envelope))
    return body;
  return { [envelope]: body };
}

/** The three promises, judged on the exchange and what the client made of it. */
export const clientConformance: Check = (exchange) => {
  const outcome = exchange.client;
  if (!outcome) return "not applicable";
  const { status } = exchange.response;
  const accepted = status >= 200 && status <= 299;
  const { settled } = outcome;

  if (!outcome.sent) {
    // Refused before anything left. For a negative that is the expected outcome.
    if (exchange.case.kind === "negative") return "passed";
    if (!accepted) return "not applicable";
    // A partial bulk whose invalid items the server fails alone (documented) and the client refuses (its validation
    // is on: bad input is refused before anything is sent): the promise holds if it would send the other items.
    if (outcome.restSent === true) return "passed";
    const error = "error" in settled ? settled.error : undefined;
    return broken(
      exchange,
      outcome,
      1,
      `the server accepted it with ${status}, but the client refused to send it (${describeError(error)})`,
    );
  }
  if (!sameRequest(outcome.sent, exchange.request)) {
    // A negative the client sends differently (it drops an unknown field, say) is not the request the answer is for.
    if (exchange.case.kind === "negative") return "not applicable";
    return broken(
      exchange,
      outcome,
      accepted ? 1 : 3,
      `the client sent ${outcome.sent.method} ${outcome.sent.url}${outcome.sent.body === undefined ? "" : ` ${outcome.sent.body.slice(0, 200)}`}${outcome.sent.sameKey ? "" : " with another X-API-Key"}, not the request the server answered`,
    );
  }

  // Only an answer that keeps the contract is held against the client.
  const pointer = documentedJsonSchema(exchange);
  const parsed = parseJson(exchange.response.body);
  if (pointer === undefined || "error" in parsed || schemaErrors(pointer, parsed.value).length)
    return accepted ? "passed" : "not applicable";

  if (accepted) {
    const flag = (atPointer(operationById(exchange.operationId).pointer) as Record<string, unknown>)["x-nexor-success-flag"];
    if (typeof flag === "string" && (parsed.value as Record<string, unknown>)[flag] === false) {
      // The documented way a 2xx says the action was not done (`success: false`): nothing was done, so nothing may
      // have been processed.
      if ("error" in settled && settled.error instanceof UnsuccessfulResponseError && settled.error.mayHaveBeenProcessed === false)
        return "passed";
      return broken(
        exchange,
        outcome,
        2,
        `the ${status} answer has ${flag}: false, which the client documents as UnsuccessfulResponseError with mayHaveBeenProcessed false; it ${"error" in settled ? describeError(settled.error) : "resolved"}`,
      );
    }
    if ("error" in settled)
      return broken(
        exchange,
        outcome,
        2,
        `the server answered ${status} with a documented body, and the client ${describeError(settled.error)}`,
      );
    const where = firstDifference(settled.data, expectedData(pointer, parsed.value));
    return where === undefined
      ? "passed"
      : broken(exchange, outcome, 2, `the method resolved with a value that differs from the ${status} answer at ${where || "its root"}`);
  }

  const expected = documentedError(status);
  if (!("error" in settled))
    return broken(exchange, outcome, 3, `the server answered ${status}, and the method resolved instead of throwing ${expected.name}`);
  const { error } = settled;
  if (!(error instanceof expected.type) || (error as Error).name !== expected.name)
    return broken(
      exchange,
      outcome,
      3,
      `the server answered ${status}, documented as ${expected.name}, and the client ${describeError(error)}`,
    );
  const processed = (error as { mayHaveBeenProcessed?: unknown }).mayHaveBeenProcessed;
  return processed === expected.mayHaveBeenProcessed
    ? "passed"
    : broken(
        exchange,
        outcome,
        3,
        `the server answered ${status}: ${expected.name} with mayHaveBeenProcessed ${expected.mayHaveBeenProcessed}, and the client said ${String(processed)}`,
      );
};
