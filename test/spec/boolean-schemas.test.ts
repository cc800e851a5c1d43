// The spec writes "any value" as `{}`, never as the boolean schema `true`, where a value is generated from it: both mean
// the same, but Prism's dynamic mocking (`Prefer: dynamic=true`, which a consumer's `npm run mock` offers) cannot
// generate array items from `true` and answers 500 for about half of such requests. `additionalProperties: true`
// is not a generated value's schema and stays.
import { describe, expect, test } from "vitest";
import { spec } from "../../contract-tests/support/spec.js";

/** Keywords whose value is one schema a generator fills a value from. */
const ONE_SCHEMA = new Set(["items", "contains", "not", "if", "then", "else", "unevaluatedItems"]);
/** Keywords whose value is a list or a map of such schemas. */
const SCHEMA_LIST = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SCHEMA_MAP = new Set(["properties", "patternProperties", "$defs"]);

/**
 * The JSON pointer of every `true` schema under `value` that a generator would fill a value from (`false`, a field that
 * must be absent, is never filled).
 */
function booleanSchemas(value: unknown, pointer = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => booleanSchemas(item, `${pointer}/${index}`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = `${pointer}/${key}`;
    const members = SCHEMA_LIST.has(key) && Array.isArray(child) ? child.map((item, index) => [`${at}/${index}`, item] as const) : [];
    const named =
      SCHEMA_MAP.has(key) && typeof child === "object" && child !== null
        ? Object.entries(child).map(([name, item]) => [`${at}/${name}`, item] as const)
        : [];
    const found = [...(ONE_SCHEMA.has(key) ? [[at, child] as const] : []), ...members, ...named]
      .filter(([, schema]) => schema === true)
      .map(([where]) => where);
    return [...found, ...booleanSchemas(child, at)];
  });
}

describe("boolean schemas", () => {
  test("the bundled spec has no `true` schema where a value is generated from it", () => {
    expect(booleanSchemas(spec)).toEqual([]);
  });

  test("the scan finds `true` as items, a property, a branch and a tuple member, and leaves additionalProperties alone", () => {
    const schema = {
      type: "object",
      additionalProperties: true,
      properties: { tags: { type: "array", items: true }, any: true, either: { anyOf: [true, { type: "string" }] } },
      prefixItems: [true],
    };
    expect(booleanSchemas(schema)).toEqual(["/properties/any", "/properties/tags/items", "/properties/either/anyOf/0", "/prefixItems/0"]);
    expect(booleanSchemas({ type: "array", items: {} })).toEqual([]);
    expect(booleanSchemas({ type: "object", properties: { template_id: false } })).toEqual([]);
  });
});
