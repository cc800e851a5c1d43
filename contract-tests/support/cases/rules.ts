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

// Removes `fields` from a body whose `field` is `value`: the docs' "needs one of" rules.
function withoutAll(when: Record<string, unknown>, fields: string[]): DocumentedRule["apply"] {
  return (body) => {
    if (!isObject(body) || !Object.entries(when).every(([name, value]) => body[name] === value)) return undefined;
    if (!fields.some((field) => field in body)) return undefined;
    return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
  };
}

/** Every documented rule the schema keywords cannot break on their own, by operation. */
export const documentedRules: readonly DocumentedRule[] = [
  {
    operationId: "sendMessage",
    rule: "WhatsApp needs content or template_id",
    detail: "with neither content nor template_id",
    // components go too: they are "used with template_id", and left alone they would break a rule of their own.
    apply: withoutAll({ channel: "whatsapp" }, ["content", "template_id", "components"]),
  },
  {
    operationId: "sendMessage",
    rule: "an email needs content or html",
    detail: "with neither content nor html",
    apply: withoutAll({ channel: "email" }, ["content", "html"]),
  },
];

/** The documented rules of one operation. */
export function rulesOf(operationId: string): DocumentedRule[] {
  return documentedRules.filter((rule) => rule.operationId === operationId);
}
