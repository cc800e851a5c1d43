// Bodies the contract rules out, made by breaking one rule of a valid body with seeded choices. Each mutation says
// who rules it out (see Rule); each result is checked to be invalid before it is used, so a mutation that stops
// breaking anything (after a spec change) stops the run instead of testing nothing.
import { randomUUID } from "node:crypto";
import {
  type RequestVariant,
  requestBodyValidator,
  requestExamples,
  requestVariants,
  resolveRef,
  spec,
} from "../../../test/support/spec.js";
import type { CheckName } from "../checks/types.js";
import type { ContractCase, Rule } from "./contract-case.js";
import type { ValidBody } from "./positive.js";
import type { SeededRandom } from "./random.js";

type Body = Record<string, unknown>;

/** What the mutations know about the request schema, read from the spec's branches. */
interface RequestShape {
  variants: Map<string, { channel: string; fields: Map<string, { type?: string; format?: string }>; required: string[] }>;
  /** Fields every variant requires: lead_id, workflow_id, channel. */
  common: string[];
  channels: string[];
  /** A valid value for every field, from the request examples. */
  sample: Body;
}

/** One way to break a valid body. */
interface Mutation {
  rule: Rule;
  /** Checks that do not apply on the mock to what this mutation sends, with the reason. */
  mockExempt?: Partial<Record<CheckName, string>>;
  /** The broken body as text and how it is broken ("without channel"); undefined when this base has nothing to break. */
  apply(body: Body, variant: string, shape: RequestShape, random: SeededRandom): { text: string; detail: string } | undefined;
}

const mutations: Mutation[] = [
  // Nexor's docs: lead_id, workflow_id and channel are required.
  {
    rule: "documented",
    apply: (body, _variant, shape, random) => {
      const field = random.pick(shape.common.filter((name) => name in body));
      return { text: json(omit(body, [field])), detail: `without ${field}` };
    },
  },
  // The docs type every field; ids are UUIDs, components an array.
  {
    rule: "documented",
    apply: (body, variant, shape, random) => {
      const field = random.pick(Object.keys(body).filter((name) => shape.variants.get(variant)!.fields.get(name)?.type));
      const type = shape.variants.get(variant)!.fields.get(field)!.type!;
      const value = random.pick(
        Object.entries(wrongTypes).filter(([name]) => name !== type && !(type === "integer" && name === "number")),
      )[1];
      return {
        text: json({ ...body, [field]: value }),
        detail: `with ${field} as ${Array.isArray(value) ? "an array" : withArticle(typeof value)}`,
      };
    },
  },
  {
    rule: "documented",
    apply: (body, variant, shape, random) => {
      const fields = Object.keys(body).filter((name) => shape.variants.get(variant)!.fields.get(name)?.format === "uuid");
      if (!fields.length) return undefined;
      const field = random.pick(fields);
      const value = random.pick(["lead-uuid", "not-a-uuid", "12345", "3c90c3cc-0d44-4b50-8888-8dd25736052g"]);
      return { text: json({ ...body, [field]: value }), detail: `with ${field} "${value}", not a UUID` };
    },
  },
  // The docs list the channels: whatsapp, email, call.
  {
    rule: "documented",
    apply: (body, _variant, shape, random) => {
      const channel = random.pick(["sms", "telegram", "fax", "push"].filter((name) => !shape.channels.includes(name)));
      return { text: json({ ...body, channel }), detail: `with the unknown channel "${channel}"` };
    },
  },
  // The docs: WhatsApp needs content or template_id; email needs content or html. Everything else that body could
  // carry is dropped too, so that this rule is the only one broken.
  {
    rule: "documented",
    apply: (body, variant, shape) => {
      const channel = shape.variants.get(variant)!.channel;
      const siblings = [...shape.variants.values()].filter((other) => other.channel === channel);
      const needed = [...new Set(siblings.flatMap((other) => other.required.filter((name) => !shape.common.includes(name))))];
      if (!needed.length) return undefined;
      const allowed = Object.keys(body).filter((name) => !needed.includes(name) && siblings.every((other) => other.fields.has(name)));
      return { text: json(pick(body, allowed)), detail: `with neither ${needed.join(" nor ")}` };
    },
  },
  // The docs say nothing about a body that is not JSON.
  {
    rule: "contract-only",
    mockExempt: {
      response_schema_conformance:
        "Prism's body parser answers a body that is not JSON with its own 400 {error: {code, message}} before the contract is consulted",
    },
    apply: (body, _variant, _shape, random) => {
      const text = json(body);
      const cut = 1 + Math.floor(random.next() * (text.length - 1));
      return { text: text.slice(0, cut), detail: `cut off after ${cut} character${cut === 1 ? "" : "s"} (not JSON)` };
    },
  },
  // The rest are this contract's closed schemas (see openapi.yaml beside SendMessageRequest and TemplateComponent).
  {
    rule: "contract-only",
    apply: (body, _variant, shape, random) => {
      const declared = new Set([...shape.variants.values()].flatMap((variant) => [...variant.fields.keys()]));
      const field = random.pick(["priority", "sender_name", "scheduled_at", "metadata"].filter((name) => !declared.has(name)));
      return { text: json({ ...body, [field]: "x" }), detail: `with the unknown field ${field}` };
    },
  },
  {
    rule: "contract-only",
    apply: (body, variant, shape, random) => {
      const channel = shape.variants.get(variant)!.channel;
      const own = new Set(
        [...shape.variants.values()].filter((other) => other.channel === channel).flatMap((other) => [...other.fields.keys()]),
      );
      const foreign = [...shape.variants.values()]
        .filter((other) => other.channel !== channel)
        .flatMap((other) => [...other.fields.keys()]);
      const field = random.pick([...new Set(foreign)].filter((name) => !own.has(name)));
      return { text: json({ ...body, [field]: shape.sample[field] }), detail: `with ${field}, a field of another channel` };
    },
  },
  {
    rule: "contract-only",
    apply: (body, _variant, shape) =>
      body.channel === "whatsapp" && !("template_id" in body)
        ? { text: json({ ...body, components: shape.sample.components }), detail: "with components but no template_id" }
        : undefined,
  },
  {
    rule: "contract-only",
    apply: (body) =>
      "template_id" in body
        ? {
            text: json({ ...body, components: [{ parameters: [{ type: "text", text: "John" }] }] }),
            detail: "with a template component without type",
          }
        : undefined,
  },
];

// One value of each JSON type; a field gets one its schema does not allow. null is left out: a lenient server may
// read a null optional field as absent, which the docs neither allow nor rule out.
const wrongTypes: Record<string, unknown> = { string: "text", number: 42, boolean: true, array: ["text"], object: { text: "x" } };

/**
 * `count` broken bodies per mutation whose rule is in `rules`, each made from a seeded choice of `bases`. The lead
 * id of every base is replaced by a fresh random UUID first, so a server that wrongly accepts one reaches no person.
 */
export function negativeCases(
  operationId: string,
  bases: ValidBody[],
  rules: Rule[],
  random: SeededRandom,
  count: number,
  onMock: boolean,
): ContractCase[] {
  const shape = requestShape(operationId);
  const validate = requestBodyValidator(operationId);
  return mutations
    .filter((mutation) => rules.includes(mutation.rule))
    .flatMap((mutation) =>
      Array.from({ length: count }, (_, index) => {
        for (const base of shuffled(bases, random)) {
          const broken = mutation.apply({ ...base.body, lead_id: randomUUID() }, base.variant, shape, random);
          if (!broken) continue;
          if (stillValid(broken.text, validate))
            throw new Error(`the mutation "${broken.detail}" left a valid ${base.variant} body: ${broken.text}`);
          return {
            name: `rejects ${withArticle(base.variant)} body ${broken.detail} (${mutation.rule} #${index + 1})`,
            kind: "negative",
            credentials: "valid",
            body: broken.text,
            rule: mutation.rule,
            ...(onMock && mutation.mockExempt && { exempt: mutation.mockExempt }),
          } satisfies ContractCase;
        }
        throw new Error(`no valid body offers anything for a ${mutation.rule} mutation to break`);
      }),
    );
}

function requestShape(operationId: string): RequestShape {
  const variants = new Map(
    requestVariants(operationId).map(({ name, schema }: RequestVariant) => {
      const properties = Object.entries((schema.properties ?? {}) as Record<string, unknown>).filter(([, field]) => field !== false);
      const fields = new Map(properties.map(([field, value]) => [field, resolveRef(value as { type?: string; format?: string })]));
      const channel = (schema.properties as { channel: { const: string } }).channel.const;
      return [name, { channel, fields, required: (schema.required ?? []) as string[] }];
    }),
  );
  const all = [...variants.values()];
  const common = all[0]!.required.filter((name) => all.every((variant) => variant.required.includes(name)));
  const channels = (spec.components.schemas!.MessageChannel as { enum: string[] }).enum;
  return { variants, common, channels, sample: Object.assign({}, ...Object.values(requestExamples(operationId))) as Body };
}

function stillValid(text: string, validate: (value: unknown) => boolean): boolean {
  try {
    return validate(JSON.parse(text));
  } catch {
    return false;
  }
}

function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random.next() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function omit(body: Body, fields: string[]): Body {
  return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
}

function pick(body: Body, fields: string[]): Body {
  return Object.fromEntries(Object.entries(body).filter(([name]) => fields.includes(name)));
}
