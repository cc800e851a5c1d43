// Documented per-operation rules that no single schema keyword states: the spec encodes each with branches or
// combinations (a `oneOf` of variants, say), so breaking one keyword cannot produce the body the docs rule out. Each
// entry breaks a valid body the way the docs' sentence forbids, and the planner checks that the spec, read without
// its contract-only keywords, rejects the result: a rule the spec stops encoding stops the run.
import type { SeededRandom } from "./random.js";
import { isObject } from "./schema-walk.js";

/** A rule Nexor's docs state for one operation, and how to break it. */
export interface DocumentedRule {
  operationId: string;
  /** The docs' rule, as the case name quotes it: `WhatsApp needs content or template_id`. */
  rule: string;
  /** How a body breaking it reads in the case name: `with neither content nor template_id`. */
  detail: string;
  /** A body that breaks only this rule, made from a valid one; undefined when this body cannot break it. */
  apply(body: unknown, random: SeededRandom): unknown;
}

// Removes `fields` from a body whose fields hold the values `when` names: the docs' "needs one of" rules.
function withoutAll(fields: string[], when: Record<string, unknown> = {}): DocumentedRule["apply"] {
  return (body) => {
    if (!isObject(body) || !Object.entries(when).every(([name, value]) => body[name] === value)) return undefined;
    if (!fields.some((field) => field in body)) return undefined;
    return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
  };
}

// Adds `field` with `value` to a body that lacks every field of `without`: the docs' "X requires Y" rules.
function withWithout(field: string, value: unknown, without: string[]): DocumentedRule["apply"] {
  return (body) => {
    if (!isObject(body)) return undefined;
    return { ...Object.fromEntries(Object.entries(body).filter(([name]) => !without.includes(name))), [field]: value };
  };
}

/** Every documented rule the schema keywords cannot break on their own, by operation. */
export const documentedRules: readonly DocumentedRule[] = [
  {
    operationId: "sendMessage",
    rule: "WhatsApp needs content or template_id",
    detail: "with neither content nor template_id",
    // components go too: they are "used with template_id", and left alone they would break a rule of their own.
    apply: withoutAll(["content", "template_id", "components"], { channel: "whatsapp" }),
  },
  {
    operationId: "sendMessage",
    rule: "an email needs content or html",
    detail: "with neither content nor html",
    apply: withoutAll(["content", "html"], { channel: "email" }),
  },
  {
    operationId: "createLeads",
    rule: "force_first_message requires workflow_id",
    detail: "with force_first_message but no workflow_id",
    apply: withWithout("force_first_message", "Hi, this is a contract test.", ["workflow_id"]),
  },
  {
    operationId: "createMeeting",
    rule: "a meeting names its lead by lead_email or lead_id",
    detail: "with neither lead_email nor lead_id",
    apply: withoutAll(["lead_email", "lead_id"]),
  },
  {
    operationId: "createMeeting",
    rule: "a meeting needs ends_at or duration_minutes",
    detail: "with neither ends_at nor duration_minutes",
    apply: withoutAll(["ends_at", "duration_minutes"]),
  },
  {
    operationId: "createMeetingNotes",
    rule: "notes need one way to find their meeting",
    detail: "with no calendar_event_id, external calendar event, meeting_url or lead_email",
    apply: withoutAll([
      "calendar_event_id",
      "external_calendar_provider",
      "external_calendar_event_id",
      "meeting_url",
      "lead_email",
      "meeting_date",
    ]),
  },
  {
    operationId: "createMeetingNotes",
    rule: "notes need a content field",
    detail: "with no notes, transcript_text, summary, manual_ai_summary or action_items",
    apply: withoutAll(["notes", "transcript_text", "summary", "manual_ai_summary", "action_items"]),
  },
  {
    operationId: "addLeadTags",
    rule: "tags are assigned by tagId or tagIds",
    detail: "with neither tagId nor tagIds",
    apply: withoutAll(["tagId", "tagIds"]),
  },
  {
    operationId: "addLeadTags",
    rule: "tagId and tagIds are not both given",
    detail: "with both tagId and tagIds",
    apply: (body) =>
      isObject(body)
        ? { ...body, tagId: "8f01fb18-80ec-433a-940d-881d1e74bee6", tagIds: ["0a4a1b6f-ff30-4d3c-9c94-6a9afce32d63"] }
        : undefined,
  },
];

/** The documented rules of one operation. */
export function rulesOf(operationId: string): DocumentedRule[] {
  return documentedRules.filter((rule) => rule.operationId === operationId);
}
