// Compile-time tests of the generated request types: what the contract allows compiles, and each combination it
// rules out is a type error. Each @ts-expect-error covers exactly one line, so it fails if that line compiles.
import { describe, expectTypeOf, test } from "vitest";
import type { components } from "../../generated/openapi.js";

type Schemas = components["schemas"];
type SendMessageRequest = Schemas["SendMessageRequest"];

const lead_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const workflow_id = "5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11";
const template_id = "8a1f3c52-5d6e-4f7a-9b0c-1d2e3f4a5b6c";

describe("valid messages compile", () => {
  test("whatsapp text", () => {
    const body = { lead_id, workflow_id, channel: "whatsapp", content: "Hi" } satisfies SendMessageRequest;
    expectTypeOf(body).toExtend<Schemas["WhatsAppTextMessageRequest"]>();
  });
  test("whatsapp template with meta components, uppercase BODY included", () => {
    const body = {
      lead_id,
      workflow_id,
      channel: "whatsapp",
      template_id,
      components: [
        { type: "BODY", parameters: [{ type: "text", text: "John" }] },
        { type: "button", sub_type: "url", index: "0" },
      ],
    } satisfies SendMessageRequest;
    expectTypeOf(body).toExtend<Schemas["WhatsAppTemplateMessageRequest"]>();
  });
  test("email with content, and the subject optional despite its default", () => {
    const body = { lead_id, workflow_id, channel: "email", content: "Hi" } satisfies SendMessageRequest;
    expectTypeOf(body).toExtend<Schemas["EmailTextMessageRequest"]>();
    expectTypeOf<Schemas["EmailTextMessageRequest"]["subject"]>().toEqualTypeOf<string | undefined>();
  });
  test("email with html", () => {
    const body = { lead_id, workflow_id, channel: "email", html: "<p>Hi</p>", subject: "Hi" } satisfies SendMessageRequest;
    expectTypeOf(body).toExtend<Schemas["EmailHtmlMessageRequest"]>();
  });
  test("call", () => {
    const body = { lead_id, workflow_id, channel: "call", begin_message: "Hello" } satisfies SendMessageRequest;
    expectTypeOf(body).toExtend<Schemas["CallMessageRequest"]>();
  });
});

describe("the union narrows on channel", () => {
  test("each channel narrows to its own shapes", () => {
    const narrow = (body: SendMessageRequest) => {
      if (body.channel === "call") expectTypeOf(body).toEqualTypeOf<Schemas["CallMessageRequest"]>();
      else if (body.channel === "email")
        expectTypeOf(body).toEqualTypeOf<Schemas["EmailTextMessageRequest"] | Schemas["EmailHtmlMessageRequest"]>();
      else expectTypeOf(body).toEqualTypeOf<Schemas["WhatsAppTextMessageRequest"] | Schemas["WhatsAppTemplateMessageRequest"]>();
    };
    expectTypeOf(narrow).parameter(0).toEqualTypeOf<SendMessageRequest>();
  });
});

describe("invalid messages do not compile", () => {
  test("no channel", () => {
    // @ts-expect-error channel is required
    const body: SendMessageRequest = { lead_id, workflow_id, content: "Hi" };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
  test("channel sms", () => {
    // @ts-expect-error "sms" is not a channel
    const body: SendMessageRequest = { lead_id, workflow_id, channel: "sms", content: "Hi" };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
  test("whatsapp with neither content nor template_id", () => {
    // @ts-expect-error whatsapp needs content or template_id
    const body: SendMessageRequest = { lead_id, workflow_id, channel: "whatsapp" };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
  test("email with neither content nor html", () => {
    // @ts-expect-error email needs content or html
    const body: SendMessageRequest = { lead_id, workflow_id, channel: "email", subject: "Hi" };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
  test("template_id on a call", () => {
    // @ts-expect-error template_id belongs to whatsapp
    const body: SendMessageRequest = { lead_id, workflow_id, channel: "call", template_id };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
  test("begin_message on an email", () => {
    // @ts-expect-error begin_message belongs to call
    const body: SendMessageRequest = { lead_id, workflow_id, channel: "email", content: "Hi", begin_message: "Hello" };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
  test("html on whatsapp", () => {
    // @ts-expect-error html belongs to email
    const body: SendMessageRequest = { lead_id, workflow_id, channel: "whatsapp", content: "Hi", html: "<p>Hi</p>" };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
  test("components without template_id", () => {
    // @ts-expect-error components are used with template_id
    const body: SendMessageRequest = { lead_id, workflow_id, channel: "whatsapp", content: "Hi", components: [{ type: "BODY" }] };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
  test("a missing lead_id", () => {
    // @ts-expect-error lead_id is required
    const body: SendMessageRequest = { workflow_id, channel: "call" };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
  test("a lead_id that is not a string", () => {
    // @ts-expect-error lead_id is a string
    const body: SendMessageRequest = { lead_id: 42, workflow_id, channel: "call" };
    expectTypeOf(body).toEqualTypeOf<SendMessageRequest>();
  });
});
