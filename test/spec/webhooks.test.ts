// The webhooks section keeps the convention the client's parseWebhook relies on: each key is the event's
// `event_type`, pinned by `const` in its body schema, and every named delivery example is valid and carries it.
import { describe, expect, test } from "vitest";
import { describeErrors, pointerSegment, resolveRef, spec, validatorAt } from "../../contract-tests/support/spec.js";

interface WebhookOperation {
  operationId: string;
  requestBody: { content: { "application/json": { schema: { $ref: string }; examples: Record<string, { $ref: string }> } } };
}
const webhooks = (spec as unknown as { webhooks: Record<string, { post: WebhookOperation }> }).webhooks;

describe("webhooks", () => {
  test("the documented events, and only those", () => {
    expect(Object.keys(webhooks).sort()).toEqual(
      [
        "meeting.cancelled",
        "meeting.completed",
        "meeting.confirmed",
        "meeting.no_show",
        "meeting.scheduled",
        "workflow_run.status_changed",
      ].sort(),
    );
  });

  describe.each(Object.keys(webhooks))("%s", (eventType) => {
    const media = webhooks[eventType]!.post.requestBody.content["application/json"];
    const validate = validatorAt(`/webhooks/${pointerSegment(eventType)}/post/requestBody/content/application~1json/schema`);

    test("its schema pins event_type to the key and requires it", () => {
      const schema = resolveRef(media.schema as unknown) as { allOf: Array<{ required?: string[]; properties?: Record<string, unknown> }> };
      const own = schema.allOf.find((part) => part.properties?.event_type);
      expect(own?.properties?.event_type).toEqual({ const: eventType });
      expect(own?.required).toContain("event_type");
      expect(validate({ event_type: "meeting.other" })).toBe(false);
    });

    test("every example is a valid delivery of this event", () => {
      const examples = Object.values(media.examples).map((example) => resolveRef<{ value: { event_type: string } }>(example).value);
      expect(examples).not.toHaveLength(0);
      for (const example of examples) {
        expect(validate(example), describeErrors(validate.errors).join("; ")).toBe(true);
        expect(example.event_type).toBe(eventType);
      }
    });
  });
});
