// Broken modes: each makes the simulator break exactly one documented promise, so that a checker can prove it notices
// that break. A mode is named in `breaks` alone (every operation) or as "name:op1,op2" (only those operations).

/** An answer on its way out: what a mode may rewrite. */
export interface Wire {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a mode knows of the request it rewrites the answer to. */
export interface AnswerContext {
  /** The key the request carried. */
  key: string | undefined;
  operation: string;
  /** The operation's success answer to a valid request, in its least form: its success status and required fields. */
  accepted: { status: number; body: unknown };
  /** The 4xx the operation gives a request it refuses (400, 404, or 401 for a read with nothing else to refuse). */
  refusal: number;
}

export interface Mode {
  name: string;
  /** The promise it breaks, in one line. */
  breaks: string;
  /** What happens to the key a request carries, before the check: the key the server then judges. */
  hear?(key: string | undefined, validKey: string, method: string): string | undefined;
  /** Rewrites an answer of an operation the mode covers; `key` is the key the request carried. */
  answer?(wire: Wire, context: AnswerContext): Wire;
  /** The answer claims failure: the account is put back as it was before the request. */
  rollback?: boolean;
}

const JSON_TYPE = "application/json; charset=utf-8";
const isSuccess = (wire: Wire) => wire.status >= 200 && wire.status < 300;
// A refusal a checker would see as "the request was ruled out" (401 belongs to the auth promise).
const isRefusal = (wire: Wire) => wire.status >= 400 && wire.status < 500 && wire.status !== 401;
const json = (status: number, body: unknown): Wire => ({ status, headers: { "content-type": JSON_TYPE }, body: JSON.stringify(body) });

/** A value of another JSON type than `value`. */
function otherType(value: unknown): unknown {
  if (typeof value === "string") return 12345;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return String(value);
  return "broken";
}

/** The body with its first non-null top-level field given a value of another type. */
function wrongTypeField(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return otherType(body);
  const entry = Object.entries(body).find(([, value]) => value !== null);
  return entry ? { ...body, [entry[0]]: otherType(entry[1]) } : { ...body, success: "broken" };
}

// The list each paged operation answers with.
const PAGED_LISTS: Record<string, string> = { getLeadHistory: "history", listConversions: "conversion_events" };

export const MODES: Mode[] = [
  {
    name: "wrong-type-field",
    breaks: "a 2xx body's first non-null field has a value of another JSON type (and the body echoes the key it received as received_key)",
    answer: (wire, { key }) => {
      if (!isSuccess(wire) || !wire.body) return wire;
      const broken = wrongTypeField(JSON.parse(wire.body));
      return json(wire.status, typeof broken === "object" && broken !== null ? { ...broken, received_key: key ?? null } : broken);
    },
  },
  {
    name: "undocumented-status",
    breaks: "every 2xx is answered with status 299, which no operation documents",
    answer: (wire) => (isSuccess(wire) ? { ...wire, status: 299 } : wire),
  },
  {
    name: "html-content-type",
    breaks: "a 2xx with a body is served as text/html (<p>Done</p>) instead of JSON",
    answer: (wire) =>
      isSuccess(wire) && wire.body
        ? { status: wire.status, headers: { "content-type": "text/html; charset=utf-8" }, body: "<p>Done</p>" }
        : wire,
  },
  {
    name: "accepts-invalid",
    breaks:
      "a request the docs rule out (any 4xx but 401) is answered as a valid one: the operation's success status and least success body ({success:true} for most); nothing is changed",
    answer: (wire, { accepted }) => (isRefusal(wire) ? json(accepted.status, accepted.body) : wire),
  },
  {
    name: "undocumented-4xx",
    breaks: "a refused request (any 4xx but 401) is answered 418 instead of its documented status",
    answer: (wire) => (isRefusal(wire) ? { ...wire, status: 418 } : wire),
  },
  {
    name: "no-auth",
    breaks: "a request without X-API-Key is served as if it carried the valid key",
    hear: (key, validKey) => key ?? validKey,
  },
  {
    name: "no-auth-on-reads",
    breaks: "a GET without X-API-Key is served as if it carried the valid key",
    hear: (key, validKey, method) => key ?? (method === "GET" ? validKey : undefined),
  },
  {
    name: "any-key",
    breaks: "any X-API-Key is accepted (only its presence is checked, as Prism does)",
    hear: (key, validKey) => (key === undefined ? undefined : validKey),
  },
  {
    name: "wrong-401-shape",
    breaks: 'a 401 is answered {"message":"Unauthorized","key":<the key sent>}: no `error` field, and the key echoed',
    answer: (wire, { key }) => (wire.status === 401 ? json(401, { message: "Unauthorized", key: key ?? null }) : wire),
  },
  {
    name: "401-undocumented-body",
    breaks: 'a 401 is answered {"error":"Unauthorized"} instead of the documented Missing/Invalid API key bodies',
    answer: (wire) => (wire.status === 401 ? json(401, { error: "Unauthorized" }) : wire),
  },
  {
    name: "500-on-valid",
    breaks: 'a valid request is answered 500 {"error":"Internal server error"}; nothing is changed',
    rollback: true,
    answer: (wire) => (isSuccess(wire) ? json(500, { error: "Internal server error" }) : wire),
  },
  {
    name: "400-on-valid",
    breaks:
      "a valid request is refused with a 4xx its operation documents (400 for a write with a body, else 404 for a path id, else 401 with the invalid-key body); nothing is changed",
    rollback: true,
    answer: (wire, { refusal }) => {
      if (!isSuccess(wire)) return wire;
      if (refusal === 401) return json(401, { error: "Invalid API key", message: "The provided API key is not valid" });
      return json(refusal, { error: refusal === 400 ? "Validation error" : "Not found", message: "rejected" });
    },
  },
  {
    name: "wrong-list-item",
    breaks: "the first item of a paged list (lead history, conversions) is the number 42 instead of an object",
    answer: (wire, { operation }) => {
      const list = PAGED_LISTS[operation];
      if (!list || !isSuccess(wire) || !wire.body) return wire;
      const body = JSON.parse(wire.body) as Record<string, unknown[]>;
      return json(wire.status, { ...body, [list]: [42, ...(body[list] ?? []).slice(1)] });
    },
  },
  {
    name: "unparseable-json",
    breaks: "a 2xx body served as JSON loses its last character and does not parse",
    answer: (wire) => (isSuccess(wire) && wire.body ? { ...wire, body: wire.body.slice(0, -1) } : wire),
  },
  {
    name: "missing-total",
    breaks: "GET /conversions leaves out `total`",
  },
  {
    name: "bulk-all-or-nothing",
    breaks: "a bulk create or route with one invalid lead is refused whole (400), instead of creating the valid leads",
  },
  {
    name: "webhook-no-retry",
    breaks: "a webhook delivery answered with a non-2xx is not retried",
  },
  {
    name: "webhook-same-delivery-id",
    breaks: "a retried webhook delivery reuses the first attempt's delivery_id",
  },
  {
    name: "webhook-on-idempotent",
    breaks: "re-marking a meeting's outcome (an idempotent no-op) fires its webhook again",
  },
];

/** A mode as started: the mode and the operations it covers (undefined: every one). */
export interface ActiveMode {
  mode: Mode;
  operations?: Set<string>;
}

/** Parses `breaks`: each entry "name" or "name:op1,op2". Throws a one-line Error naming an unknown mode. */
export function parseBreaks(breaks: readonly string[], operations: readonly string[]): ActiveMode[] {
  return breaks.map((entry) => {
    const [name, list] = entry.split(":", 2) as [string, string | undefined];
    const mode = MODES.find((candidate) => candidate.name === name);
    if (!mode) throw new Error(`unknown break "${name}"; the modes are: ${MODES.map((candidate) => candidate.name).join(", ")}`);
    if (list === undefined) return { mode };
    const named = list.split(",").filter(Boolean);
    const unknown = named.find((operation) => !operations.includes(operation));
    if (unknown || !named.length)
      throw new Error(`break "${name}" names an unknown operation "${unknown ?? ""}"; the operations are: ${operations.join(", ")}`);
    return { mode, operations: new Set(named) };
  });
}

/** Whether an active mode covers an operation. */
export const covers = (active: ActiveMode, operation: string) => !active.operations || active.operations.has(operation);
