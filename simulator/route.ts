// What a rule sees of a request, what it answers, and how its three steps run: the path ids looked up, the request
// validated, then the act. Which of the first two runs first is the `validationOrder` start option, because the docs
// never say whether a request with both a bad body and an unknown id gets the 400 or the 404.
import type { Account } from "./state.js";

/** A webhook event as a rule raises it; the server wraps it in the delivery envelope. */
export interface RaisedEvent {
  event_type: string;
  data: Record<string, unknown>;
}

/** A request as a rule sees it, and what it may do to the account. */
export interface Call {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
  account: Account;
  /** The time of this request, ISO 8601 with milliseconds, in UTC. */
  now: string;
  /** The shape GET /leads/{id} answers with. */
  leadShape: "api-ref" | "guide";
  /** Marks the request as a write: it changed the account. */
  write(): void;
  /** Whether a mode that breaks a rule from inside (not by rewriting the answer) is on for this operation. */
  broken(mode: string): boolean;
  /** Raises a webhook event (delivered only when a webhook URL is configured). */
  emit(event: RaisedEvent): void;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type ValidationOrder = "body-first" | "ids-first";

/** A route: one documented operation. */
export interface Route {
  /** The operation's name: `createLeads`, `markMeetingNoShow`, … (the names the contract uses, so a mode can name one). */
  operation: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path under /api/public, with `:name` for a path parameter. */
  path: string;
  /** Its success answer in its least form (status, required fields): what the "accepts-invalid" mode answers. */
  accepted: Reply;
  /**
   * The 4xx it gives a request it refuses, as the "400-on-valid" mode uses it: 400 for a write that validates its body,
   * 404 for an operation that only looks up path ids, 401 for the rest (reads without a path id, whose only documented
   * 4xx is the key's). A GET's query is not counted: no read documents a 400.
   */
  refusal: number;
  run(call: Call, order: ValidationOrder): Reply;
}

/** A route from its three steps; `ids` and `input` default to nothing to check. */
export function route<F = undefined, I = undefined>(definition: {
  operation: string;
  method: Route["method"];
  path: string;
  /** Its success status when it is not 200: 201 for the creates. */
  status?: number;
  /** Its success body in its least form, when the docs require more than `success`. Default `{success: true}`. */
  accepted?: unknown;
  /** Looks up the path ids: 400 for a malformed one, 404 for one the account does not hold. */
  ids?(call: Call): F;
  /** Validates the body and query on their own: 400 for what the docs rule out. */
  input?(call: Call): I;
  /** Acts, with what the other two returned; rules that need both (a status key of the lead's workflow) live here. */
  act(call: Call, found: F, input: I): Reply;
}): Route {
  const ids = definition.ids ?? (() => undefined as F);
  const input = definition.input ?? (() => undefined as I);
  return {
    operation: definition.operation,
    method: definition.method,
    path: definition.path,
    accepted: { status: definition.status ?? 200, body: definition.accepted ?? { success: true } },
    refusal: definition.input && definition.method !== "GET" ? 400 : definition.ids ? 404 : 401,
    run(call, order) {
      if (order === "ids-first") {
        const found = ids(call);
        return definition.act(call, found, input(call));
      }
      const checked = input(call);
      return definition.act(call, ids(call), checked);
    },
  };
}

/** A JSON reply. */
export const reply = (status: number, body: unknown): Reply => ({ status, body });
