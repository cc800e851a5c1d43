// Schema-driven mutations: each breaks one keyword of one schema at one place of a valid request, the way
// Schemathesis's negative mode does (a required field dropped, a wrong type, a bad format, a value outside an enum or
// const, an extra property where the schema is closed, a number, length or item count out of range, a pattern
// missed). Each names the rule it breaks, the same on every run, so that a coverage phase can send every rule once.

import type { Parameter } from "../operations.js";
import { resolveRef } from "../spec.js";
import type { SeededRandom } from "./random.js";
import { isObject, keywordOf, remove, replaceAt, rulePath, type ValueNode, walkValue } from "./schema-walk.js";

/** Where a mutation breaks the request. */
export type Place = "body" | "query" | "path";

/** What a mutation makes: the broken value, or for a body that is not JSON, its text; and how it is broken. */
export interface Broken {
  value: unknown;
  /** Set when the body is on purpose not JSON. */
  text?: string;
  /** How the request is broken, for the case name: `without lead_id`. */
  detail: string;
}

/** One way to break a valid request. */
export interface Mutation {
  /** The rule broken, the same on every run and for every valid value: `required body /lead_id`. */
  rule: string;
  keyword: string;
  place: Place;
  /** The parameter broken, for a query or path mutation. */
  parameter?: string;
  /** Where in the body or parameter value it breaks: `[]` for the whole value, `[0, "first_name"]` in an array item. */
  at?: ReadonlyArray<string | number>;
  /** Breaks the value with seeded choices; undefined when this value offers nothing to break. */
  apply(random: SeededRandom): Broken | undefined;
}

// One value of each JSON type. null is left out: a lenient server may read a null optional field as absent, which
// the docs neither allow nor rule out.
const wrongTypes: Array<[string, unknown]> = [
  ["string", "text"],
  ["number", 4.5],
  ["integer", 42],
  ["boolean", true],
  ["array", ["text"]],
  ["object", { text: "x" }],
];

const badFormats: Record<string, { label: string; values: string[] }> = {
  uuid: { label: "a UUID", values: ["lead-uuid", "not-a-uuid", "12345", "3c90c3cc-0d44-4b50-8888-8dd25736052g"] },
  email: { label: "an email address", values: ["not-an-email", "john@", "@example.com"] },
  "date-time": { label: "a date-time", values: ["yesterday", "2026-13-45T25:61:00Z"] },
  date: { label: "a date", values: ["31/12/2026", "2026-02-30"] },
  time: { label: "a time", values: ["25:61:00Z"] },
  uri: { label: "a URI", values: ["not a uri", "//"] },
};

// Words no enum or const of this API lists; the first few are channels Nexor does not offer.
const unknownWords = ["sms", "telegram", "fax", "push", "carrier_pigeon"];
// Names no schema of this API declares, for a closed object.
const unknownFields = ["priority", "sender_name", "scheduled_at", "metadata", "internal_note"];
// Strings tried against a pattern, in order, until one does not match.
const patternMisses = ["", "!", "NOT VALID", "has spaces in it", "ünïcode", "x".repeat(300)];

/**
 * Every schema-driven mutation of a valid JSON body whose schema sits at `pointer`. `samples` holds a valid value for
 * each top-level field any request example carries, to lend one variant's field to another.
 */
export function bodyMutations(body: unknown, pointer: string, samples: Record<string, unknown> = {}): Mutation[] {
  const nodes = walkValue(body, pointer);
  const mutations = nodes.flatMap((node) =>
    nodeMutations(node, "body", (broken) => replaceAt(body, node.path, broken), undefined, samples),
  );
  // The docs say nothing about a body that is not JSON: a contract-only rule by nature, whatever the schema says.
  mutations.push({
    rule: "not JSON",
    keyword: "json",
    place: "body",
    at: [],
    apply: (random) => {
      const text = JSON.stringify(body);
      const cut = 1 + Math.floor(random.next() * (text.length - 1));
      return { value: body, text: text.slice(0, cut), detail: `cut off after ${cut} character${cut === 1 ? "" : "s"} (not JSON)` };
    },
  });
  return mutations;
}

/** Every schema-driven mutation of one parameter's valid value (`undefined` when the request leaves it out). */
export function parameterMutations(parameter: Parameter, value: unknown): Mutation[] {
  const place = parameter.in;
  const mutations: Mutation[] = [];
  if (place === "query" && parameter.required) {
    mutations.push({
      rule: `required query ${parameter.name}`,
      keyword: "required",
      place,
      parameter: parameter.name,
      apply: () => ({ value: remove, detail: `without the query parameter ${parameter.name}` }),
    });
  }
  if (value === undefined) return mutations;
  const nodes = walkValue(value, parameter.schemaPointer);
  // A parameter travels as text: a type is broken only by text that does not read as that type.
  return [
    ...mutations,
    ...nodes.flatMap((node) =>
      nodeMutations(node, place, (broken) => replaceAt(value, node.path, broken), parameter.name).filter(
        (mutation) => mutation.keyword !== "required" && mutation.keyword !== "additionalProperties",
      ),
    ),
  ];
}

// The mutations of one place; `rebuild` puts a broken value back into the whole request value.
function nodeMutations(
  node: ValueNode,
  place: Place,
  rebuild: (broken: unknown) => unknown,
  parameter?: string,
  samples: Record<string, unknown> = {},
): Mutation[] {
  const where = parameter === undefined ? rulePath(node.path) : `${parameter}${rulePath(node.path).replace(/^\/$/, "")}`;
  const field = parameter === undefined ? fieldName(node.path) : parameter + fieldName(node.path, "");
  const make = (keyword: string, apply: (random: SeededRandom) => { broken: unknown; detail: string } | undefined, rule?: string) => ({
    rule: `${rule ?? keyword} ${place} ${where}`,
    keyword,
    place,
    at: node.path,
    ...(parameter !== undefined && { parameter }),
    apply: (random: SeededRandom) => {
      const made = apply(random);
      return made && { value: rebuild(made.broken), detail: made.detail };
    },
  });
  const mutations: Mutation[] = [];
  const { value } = node;

  if (isObject(value)) {
    const required = [...new Set(node.schemas.flatMap(({ schema }) => (schema.required ?? []) as string[]))];
    for (const name of required.filter((candidate) => candidate in value)) {
      const child = fieldName([...node.path, name]);
      mutations.push({
        rule: `required ${place} ${rulePath([...node.path, name])}`,
        keyword: "required",
        place,
        at: [...node.path, name],
        apply: () => ({ value: rebuild(omit(value, [name])), detail: `without ${child}` }),
      });
    }
    const declared = new Set(node.schemas.flatMap(({ schema }) => Object.keys((schema.properties ?? {}) as object)));
    const closed = node.schemas.some(({ schema }) => schema.additionalProperties === false || schema.unevaluatedProperties === false);
    if (closed) {
      mutations.push(
        make("additionalProperties", (random) => {
          const name = random.pick(unknownFields.filter((candidate) => !declared.has(candidate)));
          return { broken: { ...value, [name]: "x" }, detail: `with the unknown field ${fieldName([...node.path, name])}` };
        }),
      );
      // A field only another shape of the body has (another channel's, say), or one this shape declares `false`.
      const ownFields = new Set(
        node.schemas.flatMap(({ schema }) =>
          Object.entries((schema.properties ?? {}) as Record<string, unknown>)
            .filter(([, property]) => property !== false)
            .map(([name]) => name),
        ),
      );
      const foreign = [
        ...new Set(
          node.siblings.flatMap(({ schema }) =>
            Object.entries((schema.properties ?? {}) as Record<string, unknown>)
              .filter(([name, property]) => property !== false && !ownFields.has(name))
              .map(([name]) => name),
          ),
        ),
      ];
      if (foreign.length) {
        mutations.push(
          make(
            "additionalProperties",
            (random) => {
              const name = random.pick(foreign);
              return {
                broken: { ...value, [name]: sampleFor(node, name, samples) },
                detail: `with ${fieldName([...node.path, name])}, a field of another variant`,
              };
            },
            "another variant's field",
          ),
        );
      }
    }
  }

  const types = allowedTypes(node);
  if (types) {
    const wrong = wrongTypes.filter(([type]) => !types.has(type) && !(type === "integer" && types.has("number")));
    // On the wire a parameter is text: only text that does not read as the allowed type breaks it.
    const candidates = place === "body" ? wrong : types.has("string") ? [] : [["string", "text"] as [string, unknown]];
    if (candidates.length) {
      mutations.push(
        make("type", (random) => {
          const [type, broken] = random.pick(candidates);
          const as = withArticle(type === "string" && place !== "body" ? "word" : type);
          return { broken, detail: node.path.length || place !== "body" ? `with ${field} as ${as}` : `replaced by ${as}` };
        }),
      );
    }
  }

  const format = keywordOf(node, "format")?.value as string | undefined;
  if (typeof value === "string" && format && badFormats[format]) {
    const { label, values } = badFormats[format];
    mutations.push(
      make("format", (random) => {
        const broken = random.pick(values);
        return { broken, detail: `with ${field} "${broken}", not ${label}` };
      }),
    );
  }

  const listed = keywordOf(node, "enum")?.value as unknown[] | undefined;
  const constant = keywordOf(node, "const");
  for (const [keyword, allowed] of [
    ["enum", listed],
    ["const", constant && [constant.value]],
  ] as const) {
    if (!allowed) continue;
    const words = unknownWords.filter((word) => !allowed.includes(word));
    const numbers = allowed.filter((entry): entry is number => typeof entry === "number");
    mutations.push(
      make(keyword, (random) => {
        if (typeof value === "boolean") return { broken: !value, detail: `with ${field} ${!value}, not the value the contract allows` };
        const broken = typeof value === "number" ? Math.max(...numbers) + 1 : random.pick(words);
        return { broken, detail: `with the unknown ${field} ${JSON.stringify(broken)}` };
      }),
    );
  }

  mutations.push(...rangeMutations(node, field, make));
  return mutations;
}

type Make = (keyword: string, apply: (random: SeededRandom) => { broken: unknown; detail: string } | undefined) => Mutation;

// Numbers, lengths and item counts just outside their bounds, and text that misses a pattern.
function rangeMutations(node: ValueNode, field: string, make: Make): Mutation[] {
  const { value } = node;
  const number = (keyword: string) => keywordOf(node, keyword)?.value as number | undefined;
  const mutations: Mutation[] = [];
  if (typeof value === "number") {
    const step = allowedTypes(node)?.has("integer") ? 1 : 0.5;
    const bounds: Array<[string, number | undefined, number, string]> = [
      ["minimum", number("minimum"), -step, "at least"],
      ["exclusiveMinimum", number("exclusiveMinimum"), 0, "more than"],
      ["maximum", number("maximum"), step, "at most"],
      ["exclusiveMaximum", number("exclusiveMaximum"), 0, "less than"],
    ];
    for (const [keyword, bound, offset, says] of bounds) {
      if (bound === undefined) continue;
      mutations.push(
        make(keyword, () => ({ broken: bound + offset, detail: `with ${field} ${bound + offset} (the contract says ${says} ${bound})` })),
      );
    }
  }
  if (typeof value === "string") {
    const min = number("minLength");
    if (min !== undefined && min > 0) {
      const broken = "x".repeat(min - 1);
      mutations.push(
        make("minLength", () => ({ broken, detail: `with ${field} ${broken ? `of ${min - 1} characters` : "empty"} (at least ${min})` })),
      );
    }
    const max = number("maxLength");
    if (max !== undefined && max < 100_000) {
      mutations.push(
        make("maxLength", () => ({ broken: "x".repeat(max + 1), detail: `with ${field} of ${max + 1} characters (at most ${max})` })),
      );
    }
    const pattern = keywordOf(node, "pattern")?.value as string | undefined;
    const miss = pattern && patternMisses.find((candidate) => !new RegExp(pattern, "u").test(candidate));
    if (pattern && miss !== undefined) {
      mutations.push(
        make("pattern", () => ({ broken: miss, detail: `with ${field} ${JSON.stringify(miss.slice(0, 20))}, not matching ${pattern}` })),
      );
    }
  }
  if (Array.isArray(value)) {
    const min = number("minItems");
    if (min !== undefined && min > 0) {
      mutations.push(
        make("minItems", () => ({ broken: value.slice(0, min - 1), detail: `with ${field} holding ${min - 1} items (at least ${min})` })),
      );
    }
    const max = number("maxItems");
    if (max !== undefined && max <= 1000 && value.length) {
      const broken = Array.from({ length: max + 1 }, (_, index) => structuredClone(value[index % value.length]));
      mutations.push(make("maxItems", () => ({ broken, detail: `with ${field} holding ${max + 1} items (at most ${max})` })));
    }
  }
  return mutations;
}

// The JSON types every applied `type` keyword allows; undefined when none states a type.
function allowedTypes(node: ValueNode): Set<string> | undefined {
  const stated = node.schemas.map(({ schema }) => schema.type).filter((type) => type !== undefined);
  if (!stated.length) return undefined;
  const sets = stated.map((type) => new Set((Array.isArray(type) ? type : [type]) as string[]));
  const allowed = new Set([...sets[0]!].filter((type) => sets.every((set) => set.has(type) || (type === "integer" && set.has("number")))));
  return allowed;
}

// A valid value for a field another variant declares: from the operation's request examples, else its schema's.
function sampleFor(node: ValueNode, name: string, samples: Record<string, unknown>): unknown {
  if (node.path.length === 0 && name in samples) return samples[name];
  for (const { schema } of node.siblings) {
    const property = resolveRef((schema.properties as Record<string, unknown> | undefined)?.[name] as { examples?: unknown[] });
    if (property?.examples?.length) return property.examples[0];
  }
  return "x";
}

/** A field as a report names it: `lead_id`, `components[0].type`, or `the body` for the root. */
export function fieldName(path: ReadonlyArray<string | number>, root = "the body"): string {
  if (!path.length) return root;
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index ? "." : ""}${part}`)).join("");
}

/** "a word" or "an array". */
export function withArticle(word: string): string {
  return `${/^(?!one|uni|use)[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

function omit(value: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([name]) => !names.includes(name)));
}
