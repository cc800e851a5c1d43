// The request-body evaluator: what it says for each keyword, on small hand-made schemas, and the verdicts it gives on
// the spec's own schema, held to Ajv 2020-12 on the bundled spec: on every documented body, every spec example,
// seeded generated bodies and systematic mutations of them, both must give the same verdict.
import { describe, expect, test } from "vitest";
import { generatedBodies } from "../../contract-tests/support/cases/positive.js";
import { clientRequestSchema, requestBodyValidator } from "../../contract-tests/support/spec.js";
import type { RequestSchema } from "../../generated/request-schemas.js";
import { validate } from "../../src/internal/validate.js";
import { accepted, rejectedByContract, rejectedByDocs, template_id } from "../fixtures/documented-bodies.js";
import { requests } from "../support/examples.js";

const messages = (schema: RequestSchema, body: unknown) => validate(schema, body).map((issue) => issue.message);

describe("what the evaluator says, keyword by keyword", () => {
  const uuid = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
  test.for<[string, RequestSchema, unknown, string[]]>([
    ["a valid value", { type: "string", minLength: 1 }, "x", []],
    ["true accepts anything", true, { any: 1 }, []],
    ["false accepts nothing", false, 1, ["body is not allowed"]],
    ["type", { type: "string" }, 1, ["body must be a string"]],
    ["a list of types", { type: ["string", "null"] }, 1, ["body must be a string or null"]],
    ["integer", { type: "integer" }, 1.5, ["body must be an integer"]],
    ["number refuses what JSON cannot carry", { type: "number" }, Number.POSITIVE_INFINITY, ["body must be a number"]],
    ["object refuses an array", { type: "object" }, [], ["body must be an object"]],
    ["const", { const: "call" }, "sms", ['body must be "call"']],
    ["enum", { enum: ["a", 1] }, "b", ['body must be one of "a", 1']],
    ["format", { type: "string", format: "uuid" }, "lead-uuid", ["body must be a valid uuid"]],
    ["format, valid", { type: "string", format: "uuid" }, uuid, []],
    ["minLength 1", { type: "string", minLength: 1 }, "", ["body must not be empty"]],
    ["minLength", { type: "string", minLength: 3 }, "ab", ["body must have at least 3 characters"]],
    ["maxLength", { type: "string", maxLength: 2 }, "abc", ["body must have at most 2 characters"]],
    ["lengths count code points, not UTF-16 units", { type: "string", maxLength: 2 }, "😀😀", []],
    ["required", { type: "object", required: ["name"] }, {}, ["name is required"]],
    ["a required field set to undefined is absent", { type: "object", required: ["name"] }, { name: undefined }, ["name is required"]],
    [
      "a required field inherited from a prototype is absent",
      { type: "object", required: ["name"] },
      Object.create({ name: "Ana" }),
      ["name is required"],
    ],
    ["additionalProperties false", { type: "object", additionalProperties: false }, { extra: 1 }, ["extra is not allowed"]],
    [
      "a nested field",
      { type: "object", properties: { lead: { type: "object", required: ["id"] } } },
      { lead: {} },
      ["lead.id is required"],
    ],
    ["an array item", { type: "array", items: { type: "string" } }, ["a", 1], ["[1] must be a string"]],
    ["every issue, not the first only", { type: "object", required: ["a", "b"] }, {}, ["a is required", "b is required"]],
  ])("%s", ([, schema, body, expected]) => {
    expect(messages(schema, body)).toEqual(expected);
  });

  const channels: RequestSchema = {
    oneOf: [
      {
        type: "object",
        required: ["channel", "phone"],
        additionalProperties: false,
        properties: { channel: { const: "sms" }, phone: { type: "string" } },
      },
      {
        type: "object",
        required: ["channel", "email"],
        additionalProperties: false,
        properties: { channel: { const: "email" }, email: { type: "string" } },
      },
    ],
  };
  const either: RequestSchema = {
    oneOf: [
      { type: "object", required: ["a"], properties: { a: { type: "string" } } },
      { type: "object", required: ["b"], properties: { b: { type: "string" } } },
    ],
  };

  test.for<[string, RequestSchema, unknown, string[]]>([
    ["oneOf: exactly one branch matches", channels, { channel: "sms", phone: "+1" }, []],
    ["oneOf: the discriminator matches no branch", channels, { channel: "fax" }, ['channel must be one of "sms", "email"']],
    ["oneOf: the branch the discriminator names reports", channels, { channel: "email" }, ["email is required"]],
    [
      "oneOf: a field another branch takes is not allowed, naming the discriminator",
      channels,
      { channel: "email", email: "a@b.c", phone: "+1" },
      ['phone is not allowed when channel is "email"'],
    ],
    ["oneOf: a tie of one issue each is one sentence", either, {}, ["a or b is required"]],
    ["oneOf: more than one branch matches", either, { a: "x", b: "y" }, ["body matches more than one allowed shape"]],
  ])("%s", ([, schema, body, expected]) => {
    expect(messages(schema, body)).toEqual(expected);
  });

  test("issues name the field they concern", () => {
    expect(validate({ type: "object", properties: { tags: { type: "array", items: { type: "string" } } } }, { tags: [1] })).toEqual([
      { path: "tags[0]", message: "tags[0] must be a string" },
    ]);
  });
});

const messagesFor = (body: unknown) => messages(clientRequestSchema("sendMessage")!, body);
const ajv = requestBodyValidator("sendMessage");

/** Bodies around a valid one: each field removed, given a wrong value, and one unknown field added. */
function mutations(body: Record<string, unknown>): unknown[] {
  const wrong = [42, null, "", "not-a-uuid", [], {}, true, [{}], [{ type: 1 }], "whatsapp", "email", "call", "sms"];
  const out: unknown[] = [{ ...body, unknown_field: "x" }];
  for (const key of Object.keys(body)) {
    const { [key]: _removed, ...rest } = body;
    out.push(rest, ...wrong.map((value) => ({ ...body, [key]: value })));
  }
  for (const extra of ["content", "html", "subject", "template_id", "components", "begin_message"]) {
    if (!(extra in body))
      out.push({ ...body, [extra]: extra === "components" ? [{ type: "BODY" }] : extra === "template_id" ? template_id : "x" });
  }
  return out;
}

// Seeded bodies of every variant, as the contract suite generates them (each already checked valid by Ajv).
const generated = generatedBodies("sendMessage", Number(process.env.NEXOR_CONTRACT_SEED ?? 20261125), 10).map(({ body }) => body);
const documented = [...Object.values(accepted), ...Object.values(rejectedByDocs), ...Object.values(rejectedByContract)];
const examples = Object.values(requests) as unknown as Array<Record<string, unknown>>;

describe("the evaluator agrees with Ajv 2020-12 on the bundled spec", () => {
  test.for([
    ["documented bodies", documented],
    ["spec examples", examples],
    ["generated bodies", generated],
    ["mutations of examples and generated bodies", [...examples, ...generated].flatMap(mutations)],
  ] as const)("%s", ([, bodies]) => {
    const disagreements = bodies
      .filter((body) => (messagesFor(body).length === 0) !== ajv(body))
      .map((body) => `${JSON.stringify(body)}: evaluator ${JSON.stringify(messagesFor(body))}, Ajv ${ajv(body) ? "valid" : "invalid"}`);
    expect(disagreements).toEqual([]);
    expect(bodies.length).toBeGreaterThan(0);
  });

  test("the mutations include valid and invalid bodies, so the comparison has both verdicts", () => {
    const verdicts = new Set([...examples, ...generated].flatMap(mutations).map((body) => ajv(body)));
    expect(verdicts).toEqual(new Set([true, false]));
  });
});
