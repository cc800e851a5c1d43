// meetingNotes.create: attach a note-taker's notes to a meeting. Sent again after a 503 only when the body carries
// both provider and external_meeting_id, the keys that make a replay update the same note.
import type { ServerResponse } from "node:http";
import { describe, expect } from "vitest";
import type { CreateMeetingNotesBody } from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused, requestExample } from "../support/resources.js";

const recap = requestExample<CreateMeetingNotesBody>("createMeetingNotes", "recap");

describeMethod("createMeetingNotes", {
  method: (nexor) => nexor.meetingNotes.create,
  // The example carries provider and external_meeting_id, which make it idempotent.
  args: [recap],
  sends: { method: "POST", path: "/meeting-notes", body: recap },
  retried: true,
  contacts: [],
});

describe.concurrent("meetingNotes.create is retried only with provider and external_meeting_id", () => {
  const { provider: _provider, external_meeting_id: _id, ...withoutKeys } = recap;
  const unavailableThenOk = (_request: unknown, response: ServerResponse, index: number) =>
    index === 0 ? json(response, 503, { error: "Service unavailable" }, { "retry-after": "0" }) : json(response, 201, { success: true });

  test("with both, a 503 is sent again", async ({ serve }) => {
    const server = await serve(unavailableThenOk);
    await expect(clientOf(server).meetingNotes.create(recap)).resolves.toEqual({ success: true });
    expect(server.requests).toHaveLength(2);
  });

  test.for([
    ["without either", withoutKeys],
    ["with provider only", { ...withoutKeys, provider: "otter" }],
    ["with external_meeting_id only", { ...withoutKeys, external_meeting_id: "otter-8c1d2e" }],
  ] as const)("%s, a 503 is not sent again and may have been processed", async ([, body], { serve }) => {
    const server = await serve(unavailableThenOk);
    const creating = clientOf(server, { maxRetries: 2 }).meetingNotes.create(body);
    await expect(creating).rejects.toMatchObject({ name: "InternalServerError", status: 503, mayHaveBeenProcessed: true });
    await expect(creating).rejects.toThrow("It was not retried.");
    await expect(creating).rejects.not.toThrow(/\blead\b/);
    expect(server.requests).toHaveLength(1);
  });

  test("without any content field it is refused before sending", async ({ serve }) => {
    const body = { lead_email: "john.doe@example.com", meeting_date: "2026-04-10T19:00:00Z" } as CreateMeetingNotesBody;
    await expectRefused(
      serve,
      (nexor) => nexor.meetingNotes.create(body),
      "notes, transcript_text, summary, manual_ai_summary or action_items",
    );
  });
});
