// The contract against Nexor's documentation: every request body the docs show is accepted and every body they rule
// out is rejected, by the Prism mock and by Ajv 2020-12 alike. Ids the docs write as placeholders ("lead-uuid")
// are replaced by UUIDs, because the docs type those fields `string<uuid>`.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPrismMock, type RunningMock } from "../../contract-tests/support/prism.js";
import { describeErrors, requestBodyValidator } from "../../contract-tests/support/spec.js";

const ids = {
  lead_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
  workflow_id: "5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11",
};
const template_id = "8a1f3c52-5d6e-4f7a-9b0c-1d2e3f4a5b6c";

/** Bodies the documentation shows or allows (guide, API reference, and Meta's template format it points to). */
const accepted: Record<string, unknown> = {
  "guide: whatsapp text": { ...ids, channel: "whatsapp", content: "Hi John, just following up on our conversation." },
  "guide: whatsapp template with an uppercase BODY component": {
    ...ids,
    channel: "whatsapp",
    template_id,
    components: [{ type: "BODY", parameters: [{ type: "text", text: "John" }] }],
  },
  "meta: lowercase component types, a header image and a url button": {
    ...ids,
    channel: "whatsapp",
    template_id,
    components: [
      { type: "header", parameters: [{ type: "image", image: { link: "https://example.com/quote.png" } }] },
      { type: "body", parameters: [{ type: "text", text: "John" }, { type: "currency", currency: { code: "USD", amount_1000: 12500 } }] },
      { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "q-123" }] },
    ],
  },
  "api reference: whatsapp template without components": { ...ids, channel: "whatsapp", template_id },
  "api reference: whatsapp template with content as well": { ...ids, channel: "whatsapp", template_id, content: "Hi" },
  "guide: email with content and subject": { ...ids, channel: "email", content: "Hi John", subject: "Your proposal" },
  "guide: email without subject (Nexor applies its default)": { ...ids, channel: "email", content: "Hi John" },
  "api reference: email with html instead of content": { ...ids, channel: "email", html: "<p>Hi John</p>" },
  "api reference: email with both content and html": { ...ids, channel: "email", content: "Hi", html: "<p>Hi</p>" },
  "guide: call with nothing beyond the base fields": { ...ids, channel: "call" },
  "api reference: call with a begin_message": { ...ids, channel: "call", begin_message: "Hi John, this is Ana's assistant." },
};

/** Bodies the documentation rules out: required fields, the channel enum, documented types and the channel rules. */
const rejectedByDocs: Record<string, unknown> = {
  "api reference: the curl sample as printed, without channel": {
    ...ids,
    content: "<string>",
    html: "<string>",
    subject: "<string>",
    template_id,
    components: [{}],
    begin_message: "<string>",
  },
  "no channel": { ...ids, content: "Hi" },
  "no lead_id": { workflow_id: ids.workflow_id, channel: "call" },
  "no workflow_id": { lead_id: ids.lead_id, channel: "call" },
  "an unknown channel": { ...ids, channel: "sms", content: "Hi" },
  "the guide's placeholder 'lead-uuid' as lead_id": { ...ids, lead_id: "lead-uuid", channel: "call" },
  "a template_id that is not a UUID": { ...ids, channel: "whatsapp", template_id: "welcome" },
  "content that is not a string": { ...ids, channel: "whatsapp", content: 42 },
  "components that are not an array": { ...ids, channel: "whatsapp", template_id, components: { type: "BODY" } },
  "whatsapp with neither content nor template_id": { ...ids, channel: "whatsapp" },
  "email with neither content nor html": { ...ids, channel: "email", subject: "Hi" },
  "an empty body": {},
};

/** Rules this contract adds where the docs are silent (see the comments beside the schemas in openapi.yaml). */
const rejectedByContract: Record<string, unknown> = {
  "template_id on a call": { ...ids, channel: "call", template_id },
  "begin_message on an email": { ...ids, channel: "email", content: "Hi", begin_message: "Hello" },
  "html on whatsapp": { ...ids, channel: "whatsapp", content: "Hi", html: "<p>Hi</p>" },
  "components without template_id": { ...ids, channel: "whatsapp", content: "Hi", components: [{ type: "BODY" }] },
  "a template component without a type": { ...ids, channel: "whatsapp", template_id, components: [{ parameters: [] }] },
  "an unknown field": { ...ids, channel: "call", priority: "high" },
};

const validate = requestBodyValidator("sendMessage");
let mock: RunningMock;
beforeAll(async () => {
  mock = await startPrismMock();
});
afterAll(() => mock.close());

async function prismStatus(body: unknown): Promise<number> {
  const response = await fetch(`${mock.url}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "nxr_live_spec_test_key" },
    body: JSON.stringify(body),
  });
  await response.body?.cancel();
  return response.status;
}

describe("bodies the docs allow", () => {
  test.each(Object.entries(accepted))("%s: Ajv accepts it", (_name, body) => {
    expect(validate(body), describeErrors(validate.errors).join("; ")).toBe(true);
  });
  test.each(Object.entries(accepted))("%s: Prism answers 200", async (_name, body) => {
    expect(await prismStatus(body)).toBe(200);
  });
});

describe.each([
  ["bodies the docs rule out", rejectedByDocs],
  ["bodies this contract rules out", rejectedByContract],
])("%s", (_group, bodies) => {
  test.each(Object.entries(bodies))("%s: Ajv rejects it", (_name, body) => {
    expect(validate(body)).toBe(false);
  });
  test.each(Object.entries(bodies))("%s: Prism answers 400", async (_name, body) => {
    expect(await prismStatus(body)).toBe(400);
  });
});
