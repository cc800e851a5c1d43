// `@nexor/api/webhooks`: reading a delivery Nexor POSTs to your URL. The payload is checked to be a delivery (the
// envelope every event shares, its fields' types) and returned narrowed on `event_type`. Its `data` is not held to
// the spec's schema of the event: a receiver that refused a delivery the contract describes too strictly (a null
// title, a new meeting status) would lose it after Nexor's three retries. Nexor signs deliveries but documents no scheme, so nothing here verifies a
// signature: check a delivery's origin by other means. A separate entry, so that the client carries none of it.
import { envelopeSchema, type WebhookEnvelope, type WebhookPayloads, webhookEventTypes } from "../generated/webhooks.js";
import { NexorError } from "./errors.js";
import { assertCount } from "./internal/config.js";
import { MAX_JSON_DEPTH, withinDepth } from "./internal/json.js";
import { type ValidationIssue, validate } from "./internal/validate.js";

/** The largest delivery read by default, in bytes: Nexor's deliveries are a few kB. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 1024 * 1024;

/** Options of parseWebhook. */
export interface ParseWebhookOptions {
  /** The largest payload accepted, in bytes (UTF-8 for a string). Default 1 MiB. */
  maxBytes?: number | undefined;
}

/** The event types the spec documents: `meeting.scheduled`, `workflow_run.status_changed`, … */
export type WebhookEventType = keyof WebhookPayloads;

/** A delivery of a documented event, narrowed on `event_type`; `known` is true. */
export type WebhookEvent<T extends WebhookEventType = WebhookEventType> = { [K in T]: WebhookPayloads[K] & { known: true } }[T];

/**
 * A delivery of an event the spec does not document (one Nexor added later): its envelope, checked, and its data
 * untyped. `known` is false, so that `if (event.known)` narrows to the documented events.
 */
export type UnknownWebhookEvent = Omit<WebhookEnvelope, "event_type" | "data"> & { known: false; event_type: string; data?: unknown };

/**
 * A payload that is not a delivery: no event_type, or an envelope field of the wrong type. Answer it with a 4xx;
 * Nexor retries a non-2xx three times (after 1, 5 and 30 minutes), then drops the delivery.
 */
export class InvalidWebhookError extends NexorError {
  override readonly name = "InvalidWebhookError";
  /** Each problem, with the field it concerns. */
  readonly issues: ValidationIssue[];

  constructor(what: string, issues: ValidationIssue[] = []) {
    super(`Not a Nexor webhook delivery: ${what}${issues.length ? `: ${issues.map((issue) => issue.message).join("; ")}` : ""}.`);
    this.issues = issues;
  }
}

/**
 * Reads one delivery: the raw body (a string or bytes, as a framework hands it over before parsing) or the parsed
 * object. Returns the event narrowed on `event_type`, or an `UnknownWebhookEvent` for an event the spec does not
 * document, so that a new Nexor event never takes a receiver down. Throws InvalidWebhookError for anything else.
 * De-duplicate on `event_id`: a retried delivery keeps it (its `delivery_id` changes).
 */
export function parseWebhook(
  payload: string | Uint8Array | ArrayBuffer | object,
  options: ParseWebhookOptions = {},
): WebhookEvent | UnknownWebhookEvent {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_WEBHOOK_BYTES;
  // NaN or a string would make every size comparison false and let a body of any size through.
  assertCount("maxBytes", maxBytes);
  let value: unknown = payload;
  if (typeof payload === "string" || payload instanceof Uint8Array || payload instanceof ArrayBuffer) {
    // A string's UTF-8 size is at most 3 bytes per UTF-16 unit, and at least one: encoded only when it could pass.
    const size =
      typeof payload !== "string"
        ? payload.byteLength
        : payload.length * 3 <= maxBytes
          ? payload.length
          : new TextEncoder().encode(payload).byteLength;
    if (size > maxBytes) throw new InvalidWebhookError(`the body is ${size} bytes, more than maxBytes (${maxBytes}); answer it with 413`);
    const text = typeof payload === "string" ? payload : new TextDecoder().decode(payload);
    try {
      value = JSON.parse(text);
    } catch {
      throw new InvalidWebhookError(`the body is not JSON ("${text.slice(0, 60)}")`);
    }
  }
  try {
    return readDelivery(value);
  } catch (error) {
    if (error instanceof InvalidWebhookError) throw error;
    // A parsed object handed over with a throwing getter or a Proxy: not a delivery as JSON could carry it.
    throw new InvalidWebhookError("the object cannot be read as JSON (a property threw)");
  }
}

/** The delivery `value` is, checked: nesting, envelope and event type. */
function readDelivery(value: unknown): WebhookEvent | UnknownWebhookEvent {
  if (!withinDepth(value)) throw new InvalidWebhookError(`the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidWebhookError("the body is not a JSON object");
  const eventType = (value as { event_type?: unknown }).event_type;
  if (typeof eventType !== "string") throw new InvalidWebhookError("it has no event_type");
  const issues = validate(envelopeSchema, value);
  if (issues.length) throw new InvalidWebhookError(`its ${eventType} envelope breaks the contract`, issues);
  return { ...(value as object), known: webhookEventTypes.includes(eventType) } as WebhookEvent | UnknownWebhookEvent;
}
