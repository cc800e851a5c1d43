// The client's local validation (src/internal/validate.ts) on every keyword the generator admits, and held to Ajv
// 2020-12: on synthetic schemas for each keyword, and on every operation's request examples and their mutations in the
// bundled spec. validate.test.ts beside it holds the messages the evaluator gives for each keyword.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, test } from "vitest";
import { clientRequestSchema, operation, operationIds, requestBodyValidator, requestExamples } from "../../contract-tests/support/spec.js";
import type { RequestSchema } from "../../generated/request-schemas.js";
import { validate } from "../../src/internal/validate.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const messages = (schema: RequestSchema, body: unknown) => validate(schema, body).map((issue) => issue.message);

describe("what each keyword says", () => {
  test.each<[string, RequestSchema, unknown, string[]]>([
    ["pattern", { type: "string", pattern: "^[a-z0-9_-]{1,64}$" }, "Fireflies", ["body must match the pattern ^[a-z0-9_-]{1,64}$"]],
    ["minimum", { type: "integer", minimum: 1 }, 0, ["body must be at least 1"]],
    ["maximum", { type: "integer", maximum: 200 }, 201, ["body must be at most 200"]],
    ["minItems 1", { type: "array", minItems: 1 }, [], ["body must not be empty"]],
    ["minItems 2", { type: "array", minItems: 2 }, [1], ["body must have at least 2 items"]],
    ["maxItems", { type: "array", maxItems: 2 }, [1, 2, 3], ["body must have at most 2 items"]],
    [
      "not enum",
      { type: "object", properties: { provider: { type: "string", not: { enum: ["fireflies", "diio"] } } } },
      { provider: "diio" },
      ['provider must not be one of "fireflies", "diio"'],
    ],
    ["not const", { not: { const: "x" } }, "x", ['body must not be "x"']],
    ["not anything else", { not: { type: "string" } }, "x", ["body is not allowed"]],
    [
      "anyOf of missing fields, two ways",
      { type: "object", anyOf: [{ required: ["ends_at"] }, { required: ["duration_minutes"] }] },
      {},
      ["ends_at or duration_minutes is required"],
    ],
    [
      "anyOf of missing fields, several ways, one of two fields",
      { type: "object", anyOf: [{ required: ["a"] }, { required: ["b", "c"] }, { required: ["d"] }] },
      { c: 1 },
      ["a, b with c or d is required"],
    ],
    [
      "anyOf otherwise reports the closest branch",
      {
        anyOf: [
          { type: "string", minLength: 3, pattern: "^a" },
          { type: "string", maxLength: 1 },
        ],
      },
      "bc",
      ["body must have at most 1 characters"],
    ],
    [
      "allOf reports every branch",
      { type: "object", allOf: [{ required: ["a"] }, { anyOf: [{ required: ["b"] }, { required: ["c"] }] }] },
      {},
      ["a is required", "b or c is required"],
    ],
    [
      "anyOf whose branches each miss by one issue names each fix",
      {
        type: "object",
        properties: { force_first_message: { type: "string" }, workflow_id: { type: "string" } },
        allOf: [{ anyOf: [{ properties: { force_first_message: false } }, { required: ["workflow_id"] }] }],
      },
      { force_first_message: "Hi" },
      ["force_first_message is not allowed, or workflow_id is required"],
    ],
    [
      "anyOf inside an array item",
      {
        type: "array",
        items: {
          type: "object",
          anyOf: [{ required: ["value"] }, { properties: { operator: { enum: ["exists", "not_exists"] } } }],
        },
      },
      [{ field: "email", operator: "eq" }],
      ['[0].value is required, or [0].operator must be one of "exists", "not_exists"'],
    ],
    [
      "oneOf of an object and an array, given something else",
      { oneOf: [{ type: "object" }, { type: "array", maxItems: 1 }] },
      "x",
      ["body must be an object or an array"],
    ],
    [
      "oneOf of an object and an array, given a bad array",
      { oneOf: [{ type: "object" }, { type: "array", items: { type: "object", required: ["first_name"] } }] },
      [{}],
      ["[0].first_name is required"],
    ],
    ["date-time", { type: "string", format: "date-time" }, "2026-02-30T10:00:00Z", ["body must be a valid date-time"]],
    ["date", { type: "string", format: "date" }, "2026-13-01", ["body must be a valid date"]],
  ])("%s", (_keyword, schema, body, expected) => {
    expect(messages(schema, body)).toEqual(expected);
    expect(ajv.validate(schema, body)).toBe(false);
  });
});

const id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

describe("what the messages say on the API's either-or rules", () => {
  test.each<[string, unknown, string[]]>([
    [
      "createMeeting",
      { title: "Demo", starts_at: "2026-04-10T15:00:00" },
      ["lead_email or lead_id is required", "ends_at or duration_minutes is required"],
    ],
    [
      "createMeetingNotes",
      { provider: "fireflies" },
      [
        'provider must not be one of "fireflies", "diio", "gemini", "retell"',
        "calendar_event_id, external_calendar_provider with external_calendar_event_id, meeting_url or lead_email is required",
        "notes, transcript_text, summary, manual_ai_summary or action_items is required",
      ],
    ],
    ["createLeads", { first_name: "John", force_first_message: "Hi" }, ["force_first_message is not allowed, or workflow_id is required"]],
    ["createLeads", [{ first_name: "John" }, { last_name: "Doe" }], ["[1].first_name is required"]],
    ["createLeads", "John", ["body must be an object or an array"]],
    [
      "createProcessorRule",
      { name: "r", workflow_id: id, conditions: [{ field: "email", operator: "eq" }] },
      ['conditions[0].value is required, or conditions[0].operator must be one of "exists", "not_exists"'],
    ],
    ["addLeadTags", {}, ["tagId or tagIds is required"]],
    ["reorderProcessorRules", { rule_ids: [] }, ["rule_ids must not be empty"]],
  ])("%s %j", (operationId, body, expected) => {
    expect(messages(clientRequestSchema(operationId)!, body)).toEqual(expected);
    expect(requestBodyValidator(operationId)(body)).toBe(false);
  });
});

describe("date and date-time are checked exactly as ajv-formats checks them", () => {
  const dateTimes = [
    "2026-02-10T12:00:00Z",
    "2026-02-10t12:00:00z",
    "2026-02-10 12:00:00Z",
    "2026-02-10T12:00:00.123456+00:00",
    "2026-02-10T12:00:00-03:00",
    "2026-02-10T12:00:00+0300",
    "2026-02-10T12:00:00+03",
    "2026-02-10T12:00:00",
    "2026-02-10T12:00Z",
    "2026-02-10",
    "2024-02-29T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-02-00T00:00:00Z",
    "2026-02-10T24:00:00Z",
    "2026-02-10T23:60:00Z",
    "2016-12-31T23:59:60Z",
    "2016-12-31T20:59:60-03:00",
    "2016-12-31T23:59:60+01:00",
    "2016-12-31T23:59:61Z",
    "2026-02-10T12:00:00+24:00",
    "2026-02-10T12:00:00+03:60",
    "2026-02-10T12:00:00ZZ",
    "2026-02-10TT12:00:00Z",
    "",
    "not a date",
  ];
  // Years 0 to 99 too, where a Date built with Date.UTC would move the year to 1900–1999 and judge its leap day wrong.
  const dates = [
    ...["2026-02-10", "2024-02-29", "2026-02-29", "2026-2-10", "2026-02-10T00:00:00Z", "9999-12-31", "0000-01-01"],
    ...["0000-02-29", "0004-02-29", "0001-02-29", "0100-02-29", "0400-02-29", "0099-12-31", "0000-12-32"],
  ];
  test.each([
    ["date-time", dateTimes],
    ["date", dates],
  ])("%s", (format, values) => {
    const schema: RequestSchema = { type: "string", format };
    const disagreements = values.filter((value) => (validate(schema, value).length === 0) !== ajv.validate(schema, value));
    expect(disagreements).toEqual([]);
  });
});

/** Values that break a field in some way: each JSON type, empty and boundary values, and values the spec names. */
const WRONG: unknown[] = [
  42,
  -1,
  0,
  1.5,
  201,
  null,
  "",
  "x",
  "not-a-uuid",
  "3c90c3cc-0d44-4b50-8888-8dd25736052a",
  "2026-04-10T15:00:00",
  "2026-02-30T10:00:00Z",
  "john@example.com",
  "fireflies",
  "exists",
  "usd",
  "USDX",
  [],
  [{}],
  ["x"],
  {},
  true,
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Bodies one change away from `body`: each field (to depth 3) removed or replaced, an unknown field added, an item dropped. */
function mutations(body: Json, depth = 3): Json[] {
  if (depth === 0 || body === null || typeof body !== "object") return [];
  const out: Json[] = [];
  if (Array.isArray(body)) {
    out.push([], body.slice(1), [...body, ...body]);
    for (const [index, item] of body.entries()) {
      for (const changed of [...(WRONG as Json[]), ...mutations(item, depth - 1)])
        out.push(body.map((old, at) => (at === index ? changed : old)));
    }
    return out;
  }
  out.push({ ...body, unknown_field: "x" });
  for (const key of Object.keys(body)) {
    const { [key]: _removed, ...rest } = body;
    out.push(rest);
    for (const changed of [...(WRONG as Json[]), ...mutations(body[key]!, depth - 1)]) out.push({ ...body, [key]: changed });
  }
  return out;
}

// Every operation whose body the client validates: those with a method and a JSON body.
const schemas = new Map(
  operationIds.flatMap((operationId) => {
    const schema = clientRequestSchema(operationId);
    return schema === undefined ? [] : [[operationId, schema] as const];
  }),
);
const operations = [...schemas.keys()];

describe("the evaluator agrees with Ajv 2020-12 on every operation's examples and their mutations", () => {
  test("every operation with a client method and a JSON body is here", () => {
    const withBody = operationIds.filter(
      (operationId) => operation(operationId).op["x-nexor-method"] && operation(operationId).op.requestBody?.content["application/json"],
    );
    expect(withBody.length).toBeGreaterThan(20);
    expect(operations).toEqual(withBody);
  });

  test.each(operations)("%s", (operationId) => {
    const ajvValid = requestBodyValidator(operationId);
    const examples = Object.values(requestExamples(operationId)) as Json[];
    const bodies = [...examples, ...examples.flatMap((example) => mutations(example))];
    const disagreements = bodies
      .filter((body) => (validate(schemas.get(operationId)!, body).length === 0) !== ajvValid(body))
      .map(
        (body) => `${JSON.stringify(body)}: evaluator ${JSON.stringify(messages(schemas.get(operationId)!, body))}, Ajv ${ajvValid(body)}`,
      );
    expect(disagreements.slice(0, 5)).toEqual([]);
    for (const example of examples) expect(messages(schemas.get(operationId)!, example)).toEqual([]);
  });

  test("the mutations include valid and invalid bodies of every operation, so each comparison has both verdicts", () => {
    for (const operationId of operations) {
      const ajvValid = requestBodyValidator(operationId);
      const examples = Object.values(requestExamples(operationId)) as Json[];
      const verdicts = new Set([...examples, ...examples.flatMap((example) => mutations(example))].map((body) => ajvValid(body)));
      expect(verdicts, operationId).toEqual(new Set([true, false]));
    }
  });
});
