// messages.send (POST /messages): each example of the spec sent once and its result, the success flag, and what its
// errors and its validation say in the words of this operation.
import { describe, expect } from "vitest";
import { clientRequestSchema } from "../../contract-tests/support/spec.js";
import {
  BadRequestError,
  createNexorClient,
  InternalServerError,
  MessageNotSentError,
  NotFoundError,
  RequestValidationError,
  type SendMessageRequest,
  UnsuccessfulResponseError,
} from "../../src/index.js";
import { validate } from "../../src/internal/validate.js";
import { ids, template_id } from "../fixtures/documented-bodies.js";
import { API_KEY, call, requests, responses } from "../support/examples.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";

describe("messages.send", () => {
  test.for(Object.keys(requests))("sends the %s example once and returns its result", async (name, { serve }) => {
    // Answers each example request with the response example of the same name.
    const server = await serve((request, response) => {
      const match = Object.keys(requests).find((key) => JSON.stringify(requests[key]) === request.body);
      json(response, 200, match ? responses[match] : { error: "no example matches" });
    });
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    const sent = await nexor.messages.send(requests[name]!);
    expect(sent).toEqual(responses[name]);
    expect(server.requests).toHaveLength(1);
    const [received] = server.requests;
    expect(received?.method).toBe("POST");
    expect(received?.path).toBe("/messages");
    expect(received?.headers["x-api-key"]).toBe(API_KEY);
    expect(received?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(received?.body ?? "")).toEqual(requests[name]);
  });

  test("a 200 without a success field is a sent message, as the docs do not mark success required", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { call_id: "c-1", call_status: "registered" }));
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
    await expect(nexor.messages.send(call)).resolves.toEqual({ call_id: "c-1", call_status: "registered" });
  });

  test("success: false is an UnsuccessfulResponseError (MessageNotSentError) carrying the body, not retried", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: false, channel: "call", call_id: null }));
    const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 2 }).messages.send(call);
    await expect(sending).rejects.toBeInstanceOf(MessageNotSentError);
    await expect(sending).rejects.toBeInstanceOf(UnsuccessfulResponseError);
    await expect(sending).rejects.toMatchObject({
      name: "UnsuccessfulResponseError",
      status: 200,
      body: { success: false, channel: "call", call_id: null },
      mayHaveBeenProcessed: false,
    });
    await expect(sending).rejects.toThrow("success is false: the request was not carried out");
    await expect(sending).rejects.toThrow("Check the lead is reachable on this channel");
    expect(server.requests).toHaveLength(1);
  });
});

describe("its errors speak of leads and workflows", () => {
  test("404 is a NotFoundError telling to check lead_id and workflow_id", async ({ serve }) => {
    const server = await serve((_request, response) =>
      json(response, 404, { error: "Not found", message: "Lead not found or does not belong to your account" }),
    );
    const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(call);
    await expect(sending).rejects.toBeInstanceOf(NotFoundError);
    await expect(sending).rejects.toThrow("lead_id and workflow_id");
  });

  test("500 is an InternalServerError, sent exactly once, that warns the lead may have been contacted", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 2 }).messages.send(call);
    await expect(sending).rejects.toBeInstanceOf(InternalServerError);
    await expect(sending).rejects.toMatchObject({ name: "InternalServerError", status: 500, mayHaveBeenProcessed: true });
    await expect(sending).rejects.toThrow("not retried");
    await expect(sending).rejects.toThrow("The lead may already have been contacted: check the lead's history");
    expect(server.requests).toHaveLength(1);
  });
});

describe("messages.send validates before sending", () => {
  test("an invalid body throws a RequestValidationError and nothing reaches the server", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true }));
    const body = { ...ids, channel: "whatsapp" } as unknown as SendMessageRequest & { channel: "whatsapp" };
    const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(body);
    await expect(sending).rejects.toBeInstanceOf(RequestValidationError);
    await expect(sending).rejects.toMatchObject({
      name: "RequestValidationError",
      issues: [{ path: "content or template_id", message: "content or template_id is required" }],
      message: "Invalid request, nothing was sent: content or template_id is required.",
      mayHaveBeenProcessed: false,
    });
    expect(server.requests).toHaveLength(0);
  });

  test("a field inherited from a prototype counts as absent, as JSON.stringify sends only own fields", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true }));
    const body = Object.assign(Object.create({ content: "Hi" }) as object, { ...ids, channel: "whatsapp" }) as typeof call;
    await expect(createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(body)).rejects.toBeInstanceOf(
      RequestValidationError,
    );
    expect(server.requests).toHaveLength(0);
  });

  test("a body JSON cannot carry (a BigInt in an open Meta component) is a RequestValidationError", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true }));
    const body = { ...ids, channel: "whatsapp" as const, template_id, components: [{ type: "BODY", count: 10n }] };
    const sending = createNexorClient({ apiKey: API_KEY, baseUrl: server.url }).messages.send(body);
    await expect(sending).rejects.toBeInstanceOf(RequestValidationError);
    await expect(sending).rejects.toThrow("cannot be sent as JSON");
    expect(server.requests).toHaveLength(0);
  });

  test.for([
    ["per client", { validate: false }, {}],
    ["per request", {}, { validate: false }],
  ] as const)("validation can be turned off %s, and the server's answer decides", async ([, clientOptions, requestOptions], { serve }) => {
    const server = await serve((_request, response) => json(response, 400, { error: "Validation error", message: "channel is required" }));
    const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, ...clientOptions });
    const body = { ...ids } as unknown as typeof call;
    await expect(nexor.messages.send(body, requestOptions)).rejects.toBeInstanceOf(BadRequestError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("what its validation messages say", () => {
  test.for<[string, unknown, string[]]>([
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
  ])("%s", ([, body, expected]) => {
    expect(validate(clientRequestSchema("sendMessage")!, body).map((issue) => issue.message)).toEqual(expected);
  });
});
