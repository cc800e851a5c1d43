// Local validation: a body that breaks the contract throws a RequestValidationError naming the fields, and nothing is
// sent. The evaluator is held to Ajv 2020-12 on the bundled spec: on every documented body, every spec example, seeded
// generated bodies and systematic mutations of them, both must give the same verdict.
import { afterEach, describe, expect, test } from "vitest";
import { generatedBodies } from "../../contract-tests/support/cases/positive.js";
import { requestSchemas } from "../../generated/request-schemas.js";
import { BadRequestError, createNexorClient, RequestValidationError, type SendMessageRequest } from "../../src/index.js";
import { validate } from "../../src/internal/validate.js";
import { accepted, ids, rejectedByContract, rejectedByDocs, template_id } from "../fixtures/documented-bodies.js";
import { API_KEY, type call, requests } from "../support/examples.js";
import { json, type LocalServer, startServer } from "../support/local-server.js";
import { requestBodyValidator } from "../support/spec.js";

let server: LocalServer;
afterEach(() => server?.close());

const messagesFor = (body: unknown) => validate(requestSchemas.sendMessage, body).map((issue) => issue.message);

describe("messages.send validates before sending", () => {
  test("an invalid body throws a RequestValidationError and nothing reaches the server", async () => {
    server = await startServer((_request, response) => json(response, 200, { success: true }));
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    const body = { ...ids, channel: "whatsapp" } as unknown as SendMessageRequest & { channel: "whatsapp" };
    const error = await nexor.messages.send(body).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues).toEqual([
      { path: "content or template_id", message: "content or template_id is required" },
    ]);
    expect((error as Error).message).toBe("Invalid request, nothing was sent: content or template_id is required.");
    expect(server.requests).toHaveLength(0);
  });

  test("a field inherited from a prototype counts as absent, as JSON.stringify sends only own fields", async () => {
    server = await startServer((_request, response) => json(response, 200, { success: true }));
    const body = Object.assign(Object.create({ content: "Hi" }) as object, { ...ids, channel: "whatsapp" }) as typeof call;
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url })
      .messages.send(body)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(server.requests).toHaveLength(0);
  });

  test("a body JSON cannot carry (a BigInt in an open Meta component) is a RequestValidationError", async () => {
    server = await startServer((_request, response) => json(response, 200, { success: true }));
    const body = { ...ids, channel: "whatsapp" as const, template_id, components: [{ type: "BODY", count: 10n }] };
    const error = await createNexorClient({ apiKey: API_KEY, baseUrl: server.url })
      .messages.send(body)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain("cannot be sent as JSON");
    expect(server.requests).toHaveLength(0);
  });

  test.each([
    ["per client", { validate: false }, {}],
    ["per request", {}, { validate: false }],
  ])("validation can be turned off %s, and the server's answer decides", async (_how, clientOptions, requestOptions) => {
    server = await startServer((_request, response) => json(response, 400, { error: "Validation error", message: "channel is required" }));
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, ...clientOptions });
    const body = { ...ids } as unknown as typeof call;
    await expect(nexor.messages.send(body, requestOptions)).rejects.toBeInstanceOf(BadRequestError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("what the messages say", () => {
  test.each<[string, unknown, string[]]>([
    ["no channel", { ...ids, content: "Hi" }, ["channel is required"]],
    ["an unknown channel", { ...ids, channel: "sms", content: "Hi" }, ['channel must be one of "whatsapp", "email", "call"']],
    ["whatsapp with neither content nor template_id", { ...ids, channel: "whatsapp" }, ["content or template_id is required"]],
    ["email with neither content nor html", { ...ids, channel: "email" }, ["content or html is required"]],
    ["template_id on a call", { ...ids, channel: "call", template_id }, ['template_id is not allowed when channel is "call"']],
    [
      "components without template_id",
      { ...ids, channel: "whatsapp", content: "Hi", components: [] },
      ["components is not allowed, or template_id is required"],
    ],
    ["a placeholder id", { ...ids, lead_id: "lead-uuid", channel: "call" }, ["lead_id must be a valid uuid"]],
    [
      "a component without a type",
      { ...ids, channel: "whatsapp", template_id, components: [{ parameters: [{ type: "text", text: 1 }] }] },
      ["components[0].type is required", "components[0].parameters[0].text must be a string"],
    ],
    ["a body that is not an object", "hello", ["body must be an object"]],
    ["an empty object", {}, ["lead_id is required", "workflow_id is required", "channel is required"]],
  ])("%s", (_case, body, expected) => {
    expect(messagesFor(body)).toEqual(expected);
  });
});

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
  test.each([
    ["documented bodies", documented],
    ["spec examples", examples],
    ["generated bodies", generated],
    ["mutations of examples and generated bodies", [...examples, ...generated].flatMap(mutations)],
  ])("%s", (_group, bodies) => {
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
