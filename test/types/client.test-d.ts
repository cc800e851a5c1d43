// Compile-time tests of the client: send()'s result narrows with the request's channel, invalid bodies do not compile
// through its generic signature, and the escape hatch is typed from the spec.
import { describe, expectTypeOf, test } from "vitest";
import {
  createNexorClient,
  type MessageSent,
  type NexorClient,
  type SendMessageRequest,
  type SendMessageResponse,
} from "../../src/index.js";
import type { createNexorApi } from "../../src/openapi-fetch.js";

declare const nexor: NexorClient;
declare const api: ReturnType<typeof createNexorApi>;
const lead_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const workflow_id = "5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11";

describe("messages.send narrows its result by channel", () => {
  test("a call returns the call fields", async () => {
    const sent = await nexor.messages.send({ lead_id, workflow_id, channel: "call" });
    expectTypeOf(sent).toEqualTypeOf<MessageSent<"call">>();
    expectTypeOf(sent.call_id).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(sent.call_status).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(sent.channel).toEqualTypeOf<"call" | undefined>();
    expectTypeOf(sent).not.toHaveProperty("provider_message_id");
  });
  test("a whatsapp message returns the WhatsApp fields", async () => {
    const sent = await nexor.messages.send({ lead_id, workflow_id, channel: "whatsapp", content: "Hi" });
    expectTypeOf(sent.provider_message_id).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(sent.type).toEqualTypeOf<"text" | "template" | undefined>();
    expectTypeOf(sent).not.toHaveProperty("call_id");
  });
  test("an email returns the email fields", async () => {
    const sent = await nexor.messages.send({ lead_id, workflow_id, channel: "email", html: "<p>Hi</p>" });
    expectTypeOf(sent.activity_id).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(sent.message_id).toEqualTypeOf<string | null | undefined>();
  });
  test("a body typed as any message returns any channel's result", async () => {
    const body = {} as SendMessageRequest;
    const sent = await nexor.messages.send(body);
    expectTypeOf(sent).toExtend<Partial<SendMessageResponse>>();
  });
});

describe("messages.send rejects invalid bodies at compile time", () => {
  test("template_id on a call", async () => {
    // @ts-expect-error template_id belongs to whatsapp
    await nexor.messages.send({ lead_id, workflow_id, channel: "call", template_id: lead_id });
  });
  test("whatsapp without content or template_id", async () => {
    // @ts-expect-error whatsapp needs content or template_id
    await nexor.messages.send({ lead_id, workflow_id, channel: "whatsapp" });
  });
  test("an unknown channel", async () => {
    // @ts-expect-error "sms" is not a channel
    await nexor.messages.send({ lead_id, workflow_id, channel: "sms", content: "Hi" });
  });
  test("an unknown request option", async () => {
    // @ts-expect-error retries is not an option; maxRetries is
    await nexor.messages.send({ lead_id, workflow_id, channel: "call" }, { retries: 3 });
  });
});

describe("the openapi-fetch client", () => {
  test("is typed from the spec's paths", async () => {
    const { data } = await api.POST("/messages", { body: { lead_id, workflow_id, channel: "call" } });
    // openapi-fetch flattens the generated intersection into one object type: the same type, spelled differently.
    expectTypeOf(data).toExtend<SendMessageResponse | undefined>();
    expectTypeOf<SendMessageResponse | undefined>().toExtend<typeof data>();
    expectTypeOf(data).not.toBeAny();
    // @ts-expect-error /sms is not a path of the spec
    await api.POST("/sms", { body: {} });
  });
  test("createNexorClient returns a NexorClient", () => {
    expectTypeOf(createNexorClient).returns.toEqualTypeOf<NexorClient>();
  });
});
