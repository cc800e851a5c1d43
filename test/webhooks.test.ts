// parseWebhook: every documented delivery is read from a string, bytes or an object and narrowed on event_type; an
// event the spec does not document comes back as an unknown event, never a crash; anything else is an
// InvalidWebhookError that says what is wrong.
import { describe, expect, test } from "vitest";
import { resolveRef, spec } from "../contract-tests/support/spec.js";
import { ConfigurationError, NexorError } from "../src/index.js";
import { InvalidWebhookError, parseWebhook } from "../src/webhooks.js";

type Examples = Record<string, { $ref: string } | { value: Record<string, unknown> }>;
const webhooks = (
  spec as unknown as { webhooks: Record<string, { post: { requestBody: { content: Record<string, { examples?: Examples }> } } }> }
).webhooks;

/** Every delivery example of the spec, with its event type. */
const deliveries = Object.entries(webhooks).flatMap(([eventType, item]) =>
  Object.values(item.post.requestBody.content["application/json"]?.examples ?? {}).map(
    (example) => [eventType, resolveRef<{ value: Record<string, unknown> }>(example).value] as const,
  ),
);
const [firstType, first] = deliveries[0]!;

describe("documented deliveries", () => {
  test("the spec has an example delivery of every event", () => {
    expect(new Set(deliveries.map(([eventType]) => eventType))).toEqual(new Set(Object.keys(webhooks)));
  });

  test.for(deliveries)("a %s delivery is read from its raw text, bytes and parsed object alike", ([eventType, delivery]) => {
    const text = JSON.stringify(delivery);
    for (const payload of [text, new TextEncoder().encode(text), new TextEncoder().encode(text).buffer, delivery]) {
      const event = parseWebhook(payload);
      expect(event).toEqual({ ...delivery, known: true });
      expect(event.event_type).toBe(eventType);
    }
  });

  test("the caller's object is not changed", () => {
    const delivery = structuredClone(first);
    parseWebhook(delivery);
    expect(delivery).toEqual(first);
  });
});

describe("an event the spec does not document", () => {
  test("comes back as an unknown event with its envelope, not an error", () => {
    const event = parseWebhook({ ...first, event_type: "lead.merged", data: { anything: [1, 2] } });
    expect(event).toMatchObject({ known: false, event_type: "lead.merged", event_id: first.event_id, data: { anything: [1, 2] } });
  });

  test("still has its envelope checked", () => {
    expect(() => parseWebhook({ ...first, event_type: "lead.merged", event_id: 42 })).toThrow(/event_id must be a string/);
  });
});

describe("what is not a delivery", () => {
  test.for<[string, unknown, RegExp]>([
    ["text that is not JSON", "<html>", /the body is not JSON \("<html>"\)/],
    ["a JSON array", "[1]", /the body is not a JSON object/],
    ["JSON null", "null", /the body is not a JSON object/],
    ["an object without event_type", { event_id: first.event_id }, /it has no event_type/],
    ["an event_type that is not a string", { ...first, event_type: 7 }, /it has no event_type/],
    ["a documented event whose field breaks its type", { ...first, test: "yes" }, /test must be a boolean/],
  ])("%s is an InvalidWebhookError, a NexorError, saying what is wrong", ([, payload, message]) => {
    const read = () => parseWebhook(payload as object);
    expect(read).toThrow(InvalidWebhookError);
    expect(read).toThrow(NexorError);
    expect(read).toThrow(message);
  });

  test("names the event whose envelope breaks the contract", () => {
    expect(() => parseWebhook({ ...first, delivery_id: 42 })).toThrow(
      `its ${firstType} envelope breaks the contract: delivery_id must be a string`,
    );
  });
});

describe("a delivery the contract describes more strictly than Nexor may send it", () => {
  // A receiver that refused these would lose them after Nexor's three retries: only the envelope's types are checked.
  const scheduled = deliveries.find(([eventType]) => eventType === "meeting.scheduled")![1] as { data: { meeting: object } };
  const meeting = (change: object) => ({ data: { ...scheduled.data, meeting: { ...scheduled.data.meeting, ...change } } });
  test.for<[string, Record<string, unknown>]>([
    ["a null meeting title", meeting({ title: null })],
    ["a meeting status the spec does not list", meeting({ status: "rescheduled" })],
    ["a start time without offset", meeting({ starts_at: "2026-04-10T15:00:00" })],
    ["a timestamp with a space for the T", { timestamp: "2026-04-10 15:00:00Z" }],
    ["an event id that is not a UUID", { event_id: "evt_123" }],
  ])("is still read, as a known event: %s", ([, change]) => {
    expect(parseWebhook({ ...scheduled, ...change })).toMatchObject({ known: true, event_type: "meeting.scheduled", ...change });
  });
});

describe("bounds on what is read", () => {
  test("a payload larger than maxBytes is refused before it is parsed, as text and as bytes", () => {
    const text = JSON.stringify({ ...first, padding: "x".repeat(2 * 1024 * 1024) });
    for (const payload of [text, new TextEncoder().encode(text)]) {
      expect(() => parseWebhook(payload)).toThrow(InvalidWebhookError);
      expect(() => parseWebhook(payload)).toThrow(/more than maxBytes \(1048576\)/);
    }
    expect(() => parseWebhook(JSON.stringify(first), { maxBytes: 10 })).toThrow(/more than maxBytes \(10\)/);
    expect(parseWebhook(text, { maxBytes: 4 * 1024 * 1024 }).event_type).toBe(firstType);
  });

  test.for([
    ["NaN", Number.NaN],
    ["0", 0],
    ["1.5", 1.5],
    ['"10"', "10"],
  ] as const)("a maxBytes of %s is a ConfigurationError, not a bound switched off", ([, maxBytes]) => {
    const text = JSON.stringify({ ...first, padding: "x".repeat(2 * 1024 * 1024) });
    const parsing = () => parseWebhook(text, { maxBytes: maxBytes as number });
    expect(parsing).toThrow(ConfigurationError);
    expect(parsing).toThrow(/maxBytes must be a whole number ≥ 1/);
  });

  test("multi-byte text is counted in UTF-8 bytes", () => {
    const text = JSON.stringify({ ...first, note: "é".repeat(400) });
    expect(() => parseWebhook(text, { maxBytes: text.length + 100 })).toThrow(InvalidWebhookError);
  });

  test("a payload nested deeper than 64 levels is refused, parsed or not", () => {
    let data: unknown = {};
    for (let i = 0; i < 20_000; i++) data = { a: data };
    const deep = { ...first, data };
    expect(() => parseWebhook(deep)).toThrow(/deeper than 64 levels/);
    expect(() => parseWebhook(`{"event_type":"x",${'"d":['.repeat(1)}${"[".repeat(20_000)}${"]".repeat(20_000)}]}`)).toThrow(
      InvalidWebhookError,
    );
  });

  test("an object with a throwing getter is an InvalidWebhookError", () => {
    const payload = {
      ...first,
      get event_id(): string {
        throw new Error("getter failed");
      },
    };
    expect(() => parseWebhook(payload)).toThrow(InvalidWebhookError);
  });
});
