// Evaluates a request body against its generated schema (generated/request-schemas.ts) before anything is sent, and
// says what to fix in terms of fields. Only the keywords the generator admits are implemented; test/client's
// differential test holds every verdict to Ajv's.
import { formats, type RequestSchema } from "../../generated/request-schemas.js";

/** One reason a request body is invalid: the field (dotted path) and a sentence saying what is wrong. */
export interface ValidationIssue {
  path: string;
  message: string;
}

interface Issue extends ValidationIssue {
  keyword: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const TYPES: Record<string, [test: (value: unknown) => boolean, noun: string]> = {
  string: [(value) => typeof value === "string", "a string"],
  number: [(value) => typeof value === "number" && Number.isFinite(value), "a number"],
  integer: [Number.isInteger, "an integer"],
  boolean: [(value) => typeof value === "boolean", "a boolean"],
  null: [(value) => value === null, "null"],
  array: [Array.isArray, "an array"],
  object: [isObject, "an object"],
};

const at = (path: string, name: string) => (path ? `${path}.${name}` : name);
const issue = (path: string, keyword: string, text: string): Issue => ({ path, keyword, message: `${path || "body"} ${text}` });

/** Every issue of `value` against `schema`; an empty list means valid. */
export function validate(schema: RequestSchema, value: unknown, path = ""): ValidationIssue[] {
  return check(schema, value, path).map(({ path, message }) => ({ path, message }));
}

function check(schema: RequestSchema, value: unknown, path: string): Issue[] {
  if (schema === true) return [];
  if (schema === false) return [issue(path, "false", "is not allowed")];
  if (schema.oneOf) return oneOf(schema.oneOf, value, path);

  if (schema.type !== undefined) {
    const types = ([] as string[]).concat(schema.type);
    if (!types.some((type) => TYPES[type]?.[0](value))) {
      return [issue(path, "type", `must be ${types.map((type) => TYPES[type]?.[1] ?? type).join(" or ")}`)];
    }
  }
  const issues: Issue[] = [];
  if ("const" in schema && value !== schema.const) issues.push(issue(path, "const", `must be ${JSON.stringify(schema.const)}`));
  if (schema.enum && !schema.enum.includes(value)) {
    issues.push(issue(path, "enum", `must be one of ${schema.enum.map((item) => JSON.stringify(item)).join(", ")}`));
  }
  if (typeof value === "string") {
    if (schema.format && !formats[schema.format]?.test(value)) issues.push(issue(path, "format", `must be a valid ${schema.format}`));
    // Lengths count code points, as JSON Schema does, not UTF-16 units.
    const length = schema.minLength === undefined && schema.maxLength === undefined ? 0 : [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) {
      issues.push(
        issue(path, "minLength", schema.minLength === 1 ? "must not be empty" : `must have at least ${schema.minLength} characters`),
      );
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      issues.push(issue(path, "maxLength", `must have at most ${schema.maxLength} characters`));
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    for (const [index, item] of value.entries()) issues.push(...check(schema.items as RequestSchema, item, `${path}[${index}]`));
  }
  if (isObject(value)) {
    // A property set to undefined, or inherited, is absent: JSON.stringify sends neither.
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name) || value[name] === undefined) issues.push(issue(at(path, name), "required", "is required"));
    }
    for (const [name, item] of Object.entries(value)) {
      const declared = schema.properties && Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
      const sub = declared ?? schema.additionalProperties;
      if (item !== undefined && sub !== undefined) issues.push(...check(sub, item, at(path, name)));
    }
  }
  return issues;
}

/**
 * Exactly one branch must match. When none does, the report comes from the branch the body meant: among those whose
 * `const` properties (the channel) it matches, the one it misses fewest top-level fields of, then the one with fewest
 * issues. A tie of one issue each (WhatsApp without content or template_id) becomes one sentence naming every fix.
 */
function oneOf(branches: RequestSchema[], value: unknown, path: string): Issue[] {
  const results = branches.map((branch) => constMismatch(branch, value, path) ?? check(branch, value, path));
  const matching = results.filter((issues) => issues.length === 0).length;
  if (matching === 1) return [];
  if (matching > 1) return [issue(path, "oneOf", "matches more than one allowed shape")];

  const constants = (branch: RequestSchema | undefined) =>
    typeof branch === "object"
      ? Object.entries(branch.properties ?? {}).flatMap(([key, sub]) =>
          typeof sub === "object" && "const" in sub ? [[key, sub.const] as const] : [],
        )
      : [];
  const isField = (item: Issue) => item.path.startsWith(at(path, "")) && !/[.[]/.test(item.path.slice(at(path, "").length));
  const shapeMisses = (issues: Issue[]) =>
    issues.filter((item) => isField(item) && (item.keyword === "required" || item.keyword === "false")).length;
  const candidates = results
    .map((issues, index) => ({ issues, index, misses: shapeMisses(issues) }))
    .filter(({ issues }) => !issues.some((item) => item.keyword === "const"));

  if (candidates.length === 0) {
    // No branch accepts the discriminating value itself: list the values that would be accepted.
    const miss = results[0]?.find((item) => item.keyword === "const");
    if (!miss) return results[0] ?? [];
    const name = miss.path.slice(at(path, "").length);
    const allowed = new Set(
      branches.flatMap((branch) =>
        constants(branch)
          .filter(([key]) => key === name)
          .map(([, constant]) => JSON.stringify(constant)),
      ),
    );
    return [issue(miss.path, "const", `must be one of ${[...allowed].join(", ")}`)];
  }

  const rank = (candidate: { misses: number; issues: Issue[] }) => candidate.misses * 1000 + candidate.issues.length;
  const best = Math.min(...candidates.map(rank));
  const closest = candidates.filter((candidate) => rank(candidate) === best);
  if (closest.length > 1 && closest.every(({ issues }) => issues.length === 1)) {
    const alternatives = [...new Map(closest.map(({ issues: [item] }) => [item!.message, item!])).values()];
    const tail = (item: Issue) => item.message.slice(item.path.length);
    const message = alternatives.every((item) => tail(item) === tail(alternatives[0]!))
      ? `${alternatives.map((item) => item.path).join(" or ")}${tail(alternatives[0]!)}`
      : alternatives.map((item) => item.message).join(", or ");
    return [{ path: alternatives.map((item) => item.path).join(" or "), keyword: "oneOf", message }];
  }
  // Name the discriminator in "not allowed" messages: 'template_id is not allowed when channel is "call"'.
  const chosen = closest[0]!;
  const context = constants(branches[chosen.index])
    .map(([key, constant]) => `${key} is ${JSON.stringify(constant)}`)
    .join(" and ");
  return chosen.issues.map((item) =>
    item.keyword === "false" && context ? { ...item, message: `${item.message} when ${context}` } : item,
  );
}

/**
 * The issue of a branch whose `const` property (the channel) the body sets to another value: such a branch cannot
 * match and is never reported, so it is not evaluated further. Keeps validating a valid body to one full branch.
 */
function constMismatch(branch: RequestSchema, value: unknown, path: string): Issue[] | undefined {
  if (typeof branch !== "object" || !isObject(value)) return undefined;
  for (const [key, sub] of Object.entries(branch.properties ?? {})) {
    if (typeof sub === "object" && "const" in sub && Object.hasOwn(value, key) && value[key] !== undefined && value[key] !== sub.const) {
      return [issue(at(path, key), "const", `must be ${JSON.stringify(sub.const)}`)];
    }
  }
  return undefined;
}
