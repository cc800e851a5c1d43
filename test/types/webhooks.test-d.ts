// Compile-time tests of parseWebhook: a documented event narrows on event_type once `known` says it is documented,
// and an unknown event keeps its envelope fields typed.
import { describe, expectTypeOf, test } from "vitest";
import type { components } from "../../src/index.js";
import { parseWebhook, type UnknownWebhookEvent, type WebhookEvent } from "../../src/webhooks.js";

declare const body: string;
type MeetingEventData = components["schemas"]["MeetingEventData"];

describe("parseWebhook", () => {
  test("narrows on event_type once known", () => {
    const event = parseWebhook(body);
    expectTypeOf(event.event_id).toEqualTypeOf<string | undefined>();
    if (!event.known) {
      expectTypeOf(event).toEqualTypeOf<UnknownWebhookEvent>();
      expectTypeOf(event.event_type).toEqualTypeOf<string>();
      return;
    }
    expectTypeOf(event).toEqualTypeOf<WebhookEvent>();
    switch (event.event_type) {
      case "meeting.scheduled":
        expectTypeOf(event.data).toExtend<MeetingEventData | undefined>();
        expectTypeOf(event.data?.meeting?.starts_at).toEqualTypeOf<string | undefined>();
        break;
      case "workflow_run.status_changed":
        // Its data is not documented: any object, whose fields are unknown.
        expectTypeOf(event.data?.meeting).toEqualTypeOf<unknown>();
        break;
    }
  });
  test("an event type the spec does not document is no case of a known event", () => {
    const event = parseWebhook(body);
    if (event.known) {
      // @ts-expect-error lead.merged is not a documented event
      if (event.event_type === "lead.merged") return;
    }
  });
});
