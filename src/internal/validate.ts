// Evaluates a request body against its generated schema (an operation's entry in generated/operations.ts, the same as
// generated/request-schemas.ts holds by operationId) before anything is sent, and
// says what to fix in terms of fields. Only the keywords the generator admits are implemented; the differential tests
// (test/client/validation.test.ts for messages, test/core/validate.test.ts for every operation) hold every verdict to
// Ajv's.
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

const TYPES: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === "string",
  number: (value) => typeof value === "number" && Number.isFinite(value),
  integer: Number.isInteger,
  boolean: (value) => typeof value === "boolean",
  null: (value) => value === null,
  array: Array.isArray,
  object: isObject,
};
/** A type as a message names it: "a string", "an integer", "null". */
const noun = (type: string) => (type === "null" ? type : `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`);

const at = (path: string, name: string) => (path ? `${path}.${name}` : name);
const issue = (path: string, keyword: string, text: string): Issue => ({ path, keyword, message: `${path || "body"} ${text}` });
const quoted = (values: unknown[]) => values.map((item) => JSON.stringify(item)).join(", ");
/** "a", "a or b", "a, b or c". */
const either = (items: string[]) => (items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);

// Formats without a regular expression in ajv-formats, written out here exactly as ajv-formats' full mode checks them
// (RFC 3339 with real calendar dates, a time zone required, leap seconds only at 23:59:60 UTC);
// scripts/lib/request-schemas.mjs lists them. One expression for both: a date, then for date-time the time.
const DATE_TIME = /^(\d\d\d\d)-(\d\d)-(\d\d)(?:[t\s](\d\d):(\d\d):(\d\d(?:\.\d+)?)(?:z|([+-])(\d\d)(?::?(\d\d))?))?$/i;
function isDateTime(text: string, withTime: boolean): boolean {
  const match = DATE_TIME.exec(text);
  if (!match || (match[4] === undefined) === withTime) return false;
  const [year, month, day, hour, minute, second, zoneHour, zoneMinute] = [1, 2, 3, 4, 5, 6, 8, 9].map((group) => +(match[group] ?? 0));
  // A real calendar day, leap years as the Gregorian calendar has them: a Date set to an impossible one (February 30,
  // month 13, day 0) rolls it into another month. setUTCFullYear, unlike Date.UTC, takes years 0 to 99 as they are.
  const calendar = new Date(0);
  calendar.setUTCFullYear(year!, month! - 1, day);
  if (calendar.getUTCMonth() !== month! - 1 || calendar.getUTCDate() !== day) return false;
  if (!withTime || zoneHour! > 23 || zoneMinute! > 59) return !withTime;
  if (hour! <= 23 && minute! <= 59 && second! < 60) return true;
  const sign = match[7] === "-" ? -1 : 1;
  const utcMinute = minute! - zoneMinute! * sign;
  const utcHour = hour! - zoneHour! * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second! < 61;
}
const codedFormats: Record<string, (text: string) => boolean> = {
  date: (text) => isDateTime(text, false),
  "date-time": (text) => isDateTime(text, true),
};
const matchesFormat = (name: string, text: string) => formats[name]?.test(text) ?? codedFormats[name]?.(text) ?? false;

// JSON Schema patterns are ECMA-262 regular expressions with Unicode semantics, as Ajv compiles them.
const patterns = new Map<string, RegExp>();
const matchesPattern = (pattern: string, text: string) => {
  const regexp = patterns.get(pattern) ?? new RegExp(pattern, "u");
  patterns.set(pattern, regexp);
  return regexp.test(text);
};

/** The terse leaves met so far, each as the schema it stands for. */
const leaves: Record<string, { type: string; format?: string }> = {};

/** Every issue of `value` against `schema`; an empty list means valid. */
export function validate(schema: RequestSchema, value: unknown, path = ""): ValidationIssue[] {
  return check(schema, value, path).map(({ path, message }) => ({ path, message }));
}

function check(schema: RequestSchema, value: unknown, path: string): Issue[] {
  // A terse leaf (generated/request-schemas.ts): a type's name, or a string format's, read back once.
  if (typeof schema === "string") schema = leaves[schema] ??= TYPES[schema] ? { type: schema } : { type: "string", format: schema };
  if (schema === true) return [];
  if (schema === false) return [issue(path, "false", "is not allowed")];
  const issues: Issue[] = schema.oneOf ? oneOf(schema.oneOf, value, path) : [];

  if (schema.type !== undefined) {
    const types = typeof schema.type === "string" ? [schema.type] : schema.type;
    if (!types.some((type) => TYPES[type]?.(value))) {
      return [...issues, issue(path, "type", `must be ${types.map(noun).join(" or ")}`)];
    }
  }
  if ("const" in schema && value !== schema.const) issues.push(issue(path, "const", `must be ${JSON.stringify(schema.const)}`));
  if (schema.enum && !schema.enum.includes(value)) issues.push(issue(path, "enum", `must be one of ${quoted(schema.enum)}`));
  if (typeof value === "string") {
    if (schema.format && !matchesFormat(schema.format, value)) issues.push(issue(path, "format", `must be a valid ${schema.format}`));
    // Lengths count code points, as JSON Schema does, not UTF-16 units; a string has between half and all as many code
    // points as UTF-16 units, so counting them is needed only when that range straddles a limit.
    const decided =
      (schema.minLength === undefined || value.length / 2 >= schema.minLength) &&
      (schema.maxLength === undefined || value.length <= schema.maxLength);
    bounds(issues, path, "Length", schema.minLength, schema.maxLength, decided ? value.length : [...value].length, " characters");
    if (schema.pattern !== undefined && !matchesPattern(schema.pattern, value)) {
      issues.push(issue(path, "pattern", `must match the pattern ${schema.pattern}`));
    }
  }
  if (typeof value === "number") bounds(issues, path, "imum", schema.minimum, schema.maximum, value, "");
  if (Array.isArray(value)) {
    bounds(issues, path, "Items", schema.minItems, schema.maxItems, value.length, " items");
    if (schema.items !== undefined) {
      for (const [index, item] of value.entries()) issues.push(...check(schema.items, item, `${path}[${index}]`));
    }
  }
  if (isObject(value)) {
    // A property set to undefined, or inherited, is absent: JSON.stringify sends neither.
    for (const name of schema.required ?? []) {
      if (!has(value, name)) issues.push(issue(at(path, name), "required", "is required"));
    }
    for (const [name, item] of Object.entries(value)) {
      const declared = schema.properties && Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
      const sub = declared ?? schema.additionalProperties;
      if (item !== undefined && sub !== undefined) issues.push(...check(sub, item, at(path, name)));
    }
  }
  for (const sub of schema.allOf ?? []) issues.push(...check(sub, value, path));
  if (schema.anyOf) issues.push(...anyOf(schema.anyOf, value, path));
  if (schema.not !== undefined && check(schema.not, value, path).length === 0) issues.push(not(schema.not, path));
  return issues;
}

/**
 * The issues of a size or a number past its bounds: keywords `min${kind}` and `max${kind}`, the message counting `unit`s
 * ("must have at least 3 characters", "must be at most 200"), and "must not be empty" for a size of at least 1.
 */
function bounds(
  issues: Issue[],
  path: string,
  kind: string,
  min: number | undefined,
  max: number | undefined,
  actual: number,
  unit: string,
) {
  const verb = unit ? "have" : "be";
  if (min !== undefined && actual < min)
    issues.push(issue(path, `min${kind}`, min === 1 && unit ? "must not be empty" : `must ${verb} at least ${min}${unit}`));
  if (max !== undefined && actual > max) issues.push(issue(path, `max${kind}`, `must ${verb} at most ${max}${unit}`));
}

const has = (value: Record<string, unknown>, name: string) => Object.hasOwn(value, name) && value[name] !== undefined;

/**
 * At least one branch must match. Branches that only name missing fields become one sentence naming every way to
 * fix it ("ends_at or duration_minutes is required"); branches that miss by one issue each, one sentence naming each
 * ("force_first_message is not allowed, or workflow_id is required"); otherwise the branch closest to matching.
 */
function anyOf(branches: RequestSchema[], value: unknown, path: string): Issue[] {
  const results = branches.map((branch) => check(branch, value, path));
  if (results.some((issues) => issues.length === 0)) return [];
  if (results.every((issues) => issues.every((item) => item.keyword === "required"))) {
    // Each way in full, from the branch's own `required`: `b with c`, even when the body already has c.
    const ways = branches.map((branch, index) =>
      (typeof branch === "object" && branch.required
        ? branch.required.map((name) => at(path, name))
        : results[index]!.map((item) => item.path)
      ).join(" with "),
    );
    return [{ path: either(ways), keyword: "anyOf", message: `${either(ways)} is required` }];
  }
  if (results.every((issues) => issues.length === 1)) {
    const items = results.map(([item]) => item!);
    return [
      { path: items.map((item) => item.path).join(" or "), keyword: "anyOf", message: items.map((item) => item.message).join(", or ") },
    ];
  }
  return results.reduce((closest, issues) => (issues.length < closest.length ? issues : closest));
}

/** What a `not` rules out, in the terms of its schema. */
function not(schema: RequestSchema, path: string): Issue {
  if (typeof schema === "object" && schema.enum) return issue(path, "not", `must not be one of ${quoted(schema.enum)}`);
  if (typeof schema === "object" && "const" in schema) return issue(path, "not", `must not be ${JSON.stringify(schema.const)}`);
  return issue(path, "not", "is not allowed");
}

/** A branch's `const` properties (the channel), as [name, value] pairs. */
const constants = (branch: RequestSchema | undefined) =>
  typeof branch === "object"
    ? Object.entries(branch.properties ?? {}).flatMap(([key, sub]) =>
        typeof sub === "object" && "const" in sub ? [[key, sub.const] as const] : [],
      )
    : [];

/**
 * Exactly one branch must match. When none does, the report comes from the branch the body meant: among those whose
 * `const` properties (the channel) it matches, the one it misses fewest top-level fields of, then the one with fewest
 * issues. A tie of one issue each (WhatsApp without content or template_id) becomes one sentence naming every fix.
 */
function oneOf(branches: RequestSchema[], value: unknown, path: string): Issue[] {
  // A branch of another channel than the body's is not even evaluated.
  const results = branches.map((branch) => constMismatch(branch, value, path) ?? check(branch, value, path));
  const matching = results.filter((issues) => issues.length === 0).length;
  if (matching === 1) return [];
  if (matching > 1) return [issue(path, "oneOf", "matches more than one allowed shape")];

  // A branch of another JSON type (an object where the body is an array) is not the one the body meant.
  const wrongType = (issues: Issue[]) => issues.find((item) => item.keyword === "type" && item.path === path);
  if (results.every(wrongType)) {
    const nouns = new Set(results.map((issues) => wrongType(issues)!.message.slice(`${path || "body"} must be `.length)));
    return [issue(path, "type", `must be ${either([...nouns])}`)];
  }

  const isField = (item: Issue) => item.path.startsWith(at(path, "")) && !/[.[]/.test(item.path.slice(at(path, "").length));
  const shapeMisses = (issues: Issue[]) =>
    issues.filter((item) => isField(item) && (item.keyword === "required" || item.keyword === "false")).length;
  const candidates = results
    .map((issues, index) => ({ issues, index, misses: shapeMisses(issues) }))
    .filter(({ issues }) => !issues.some((item) => item.keyword === "const") && !wrongType(issues));

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
 * match, so it is not evaluated further, and its issue is never reported (only its field is read), so it has no
 * message to build. Keeps validating a valid body to one full branch.
 */
function constMismatch(branch: RequestSchema, value: unknown, path: string): Issue[] | undefined {
  if (typeof branch !== "object" || !isObject(value)) return undefined;
  // A loop, not constants(): this runs for every oneOf branch of every valid body.
  for (const key in branch.properties) {
    const sub = branch.properties[key];
    if (typeof sub === "object" && "const" in sub && has(value, key) && value[key] !== sub.const)
      return [{ path: at(path, key), keyword: "const", message: "" }];
  }
  return undefined;
}
