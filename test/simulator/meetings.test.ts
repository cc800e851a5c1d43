// Meetings: lead matching by email (case-insensitive, most recently updated wins, 404 when none; lead_id bypasses),
// dedup by provider + event id (a replay updates), outcomes with their idempotent and skipped answers, and notes.
import { describe, expect } from "vitest";
import type { Simulator } from "../../simulator/index.js";
import { call, test } from "./fixture.js";

const meeting = (sim: Simulator, body: Record<string, unknown> = {}) =>
  call(sim, "POST", "/meetings", {
    lead_id: sim.seed.leadId,
    title: "Demo",
    starts_at: "2026-01-10T15:00:00Z",
    duration_minutes: 30,
    ...body,
  });

describe("simulator: meetings", () => {
  test("create: title, starts_at and ends_at or duration_minutes are required; defaults video, scheduled, UTC", async ({ sim }) => {
    expect((await meeting(sim, { title: undefined })).status).toBe(400);
    expect((await meeting(sim, { starts_at: undefined })).status).toBe(400);
    expect((await meeting(sim, { duration_minutes: undefined })).body.message).toBe("ends_at or duration_minutes is required");
    expect((await meeting(sim, { location_type: "boat" })).status).toBe(400);
    expect((await meeting(sim, { status: "completed" })).status).toBe(400);
    const created = await meeting(sim, { ends_at: "2026-01-10T16:00:00Z", duration_minutes: undefined });
    expect(created.status).toBe(201);
    expect(created.body.meeting).toMatchObject({
      duration_minutes: 60,
      location_type: "video",
      status: "scheduled",
      timezone: "UTC",
      attendee_email: sim.seed.leadEmail,
    });
  });

  test("create: starts_at without an offset is read in timezone", async ({ sim }) => {
    const created = await meeting(sim, { starts_at: "2026-04-10T15:00:00", timezone: "America/New_York" });
    expect(created.body.meeting.starts_at).toBe("2026-04-10T19:00:00.000Z");
    expect((await meeting(sim, { timezone: "Mars/Olympus" })).status).toBe(400);
  });

  test("create: lead matched by lead_email case-insensitively; the most recently updated lead wins; none is 404", async ({ sim }) => {
    const older = (await call(sim, "POST", "/leads", { first_name: "Old", email: "twin@example.com" })).body.lead.id;
    const newer = (await call(sim, "POST", "/leads", { first_name: "New", email: "Twin@Example.com" })).body.lead.id;
    const toNewer = await meeting(sim, { lead_id: undefined, lead_email: "TWIN@example.com" });
    expect(toNewer.body.meeting.lead_id).toBe(newer);
    await call(sim, "PATCH", `/leads/${older}`, { title: "touched" });
    expect((await meeting(sim, { lead_id: undefined, lead_email: "twin@example.com" })).body.meeting.lead_id).toBe(older);
    const none = await meeting(sim, { lead_id: undefined, lead_email: "nobody@example.com" });
    expect(none.status).toBe(404);
    expect((await meeting(sim, { lead_id: undefined })).status).toBe(400);
  });

  test("create: lead_id bypasses matching; an unknown lead_id is 404", async ({ sim }) => {
    expect((await meeting(sim, { lead_email: "nobody@example.com" })).body.meeting.lead_id).toBe(sim.seed.leadId);
    expect((await meeting(sim, { lead_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a" })).status).toBe(404);
  });

  test("create: host_email must be an active user", async ({ sim }) => {
    expect((await meeting(sim, { host_email: "former@example.com" })).status).toBe(400);
    expect((await meeting(sim, { host_email: sim.seed.hostEmail })).status).toBe(201);
  });

  test("create: a replay with the same external_calendar_provider + external_event_id updates the meeting", async ({ sim }) => {
    const first = await meeting(sim, { external_calendar_provider: "calendly", external_event_id: "evt-1" });
    const replay = await meeting(sim, {
      external_calendar_provider: "calendly",
      external_event_id: "evt-1",
      title: "Demo (moved)",
      status: "confirmed",
    });
    expect(replay.status).toBe(200);
    expect(replay.body.meeting).toMatchObject({ id: first.body.meeting.id, title: "Demo (moved)", status: "confirmed" });
    const other = await meeting(sim, { external_calendar_provider: "google", external_event_id: "evt-1" });
    expect(other.body.meeting.id).not.toBe(first.body.meeting.id);
    expect((await call(sim, "GET", `/leads/${sim.seed.leadId}/meetings`)).body.meetings).toHaveLength(2);
  });

  test("cancel: status cancelled with cancelled_at and cancellation_reason; again is idempotent:true with no write", async ({ sim }) => {
    const id = (await meeting(sim)).body.meeting.id;
    const cancelled = await call(sim, "POST", `/meetings/${id}/cancel`, { reason: "lead asked" });
    expect(cancelled.body).toEqual({
      success: true,
      meeting: { id, lead_id: sim.seed.leadId, status: "cancelled", cancelled_at: expect.any(String), cancellation_reason: "lead asked" },
    });
    const writes = sim.writes.length;
    expect((await call(sim, "POST", `/meetings/${id}/cancel`, {})).body).toEqual({
      success: true,
      meeting: { id, lead_id: sim.seed.leadId, status: "cancelled", idempotent: true },
    });
    expect(sim.writes.length).toBe(writes);
  });

  test("cancel: a meeting owned by an external provider is skipped, managed_externally_inbound_only", async ({ sim }) => {
    const id = (await meeting(sim, { external_calendar_provider: "ghl", external_event_id: "g-1" })).body.meeting.id;
    expect((await call(sim, "POST", `/meetings/${id}/cancel`)).body).toEqual({
      success: true,
      skipped: true,
      reason: "managed_externally_inbound_only",
      message: "Meeting is owned by an external provider and cannot be cancelled via the API",
    });
  });

  test("complete: status completed with outcome_at and outcome_notes; again is idempotent", async ({ sim }) => {
    const id = (await meeting(sim)).body.meeting.id;
    const done = await call(sim, "POST", `/meetings/${id}/complete`, { notes: "went well" });
    expect(done.body.meeting).toMatchObject({ status: "completed", outcome_notes: "went well", outcome_at: expect.any(String) });
    expect((await call(sim, "POST", `/meetings/${id}/complete`, {})).body.meeting.idempotent).toBe(true);
  });

  test("no-show: no_show_reason defaults to api_marked; again is idempotent; unknown meeting is 404", async ({ sim }) => {
    const id = (await meeting(sim)).body.meeting.id;
    const marked = await call(sim, "POST", `/meetings/${id}/no-show`, { notes: "waited 15 min" });
    expect(marked.body.meeting).toMatchObject({ status: "no_show", no_show_reason: "api_marked", outcome_notes: "waited 15 min" });
    expect((await call(sim, "POST", `/meetings/${id}/no-show`, { reason: "other" })).body.meeting).toEqual({
      id,
      lead_id: sim.seed.leadId,
      status: "no_show",
      idempotent: true,
    });
    expect((await call(sim, "POST", "/meetings/3c90c3cc-0d44-4b50-8888-8dd25736052a/no-show")).status).toBe(404);
  });

  test("notes: a way to resolve the meeting and a non-empty content field are required; provider pattern and reserved names", async ({
    sim,
  }) => {
    const id = (await meeting(sim)).body.meeting.id;
    expect((await call(sim, "POST", "/meeting-notes", { notes: "x" })).status).toBe(400);
    expect((await call(sim, "POST", "/meeting-notes", { calendar_event_id: id, notes: "  " })).status).toBe(400);
    expect((await call(sim, "POST", "/meeting-notes", { calendar_event_id: id, notes: "x", provider: "Big Provider" })).status).toBe(400);
    expect((await call(sim, "POST", "/meeting-notes", { calendar_event_id: id, notes: "x", provider: "fireflies" })).status).toBe(400);
    const created = await call(sim, "POST", "/meeting-notes", { calendar_event_id: id, summary: "s" });
    expect(created.status).toBe(201);
    expect(created.body.note).toMatchObject({ meeting_id: id, provider: "manual", summary: "s" });
  });

  test("notes: resolution order, first match wins; no meeting resolved is 404", async ({ sim }) => {
    const past = (
      await meeting(sim, {
        title: "past",
        starts_at: "2026-01-01T10:00:00Z",
        meeting_url: "https://meet.example/a",
        external_calendar_provider: "google",
        external_event_id: "e-9",
      })
    ).body.meeting.id;
    const later = (await meeting(sim, { title: "later", starts_at: "2026-02-01T10:00:00Z" })).body.meeting.id;
    const resolve = async (body: Record<string, unknown>) =>
      (await call(sim, "POST", "/meeting-notes", { notes: "n", ...body })).body.note?.meeting_id;
    expect(await resolve({ calendar_event_id: later, meeting_url: "https://meet.example/a" })).toBe(later);
    expect(await resolve({ external_calendar_provider: "google", external_calendar_event_id: "e-9", lead_email: sim.seed.leadEmail })).toBe(
      past,
    );
    expect(await resolve({ meeting_url: "https://meet.example/a" })).toBe(past);
    expect(await resolve({ lead_email: sim.seed.leadEmail, meeting_date: "2026-01-01T10:45:00Z" })).toBe(past);
    expect(await resolve({ lead_email: sim.seed.leadEmail.toUpperCase() })).toBe(later);
    expect((await call(sim, "POST", "/meeting-notes", { notes: "n", meeting_url: "https://nowhere.example" })).status).toBe(404);
  });

  test("notes: external_meeting_id + provider makes a replay update the same note; note_added only on the first insert", async ({
    sim,
  }) => {
    const id = (await meeting(sim)).body.meeting.id;
    const body = { calendar_event_id: id, provider: "otter", external_meeting_id: "ot-1", notes: "v1" };
    const first = await call(sim, "POST", "/meeting-notes", body);
    const replay = await call(sim, "POST", "/meeting-notes", { ...body, notes: "v2" });
    expect(replay.status).toBe(200);
    expect(replay.body.note).toMatchObject({ id: first.body.note.id, notes: "v2" });
    const history = (await call(sim, "GET", `/leads/${sim.seed.leadId}/history?limit=200`)).body.history;
    expect(history.filter((item: { activity_type?: string }) => item.activity_type === "note_added")).toHaveLength(1);
  });
});
