// Meeting notes: a note-taker's output attached to a meeting that already exists (no orphan notes: no meeting, 404).
import { randomUUID } from "node:crypto";
import { type Call, type Route, reply, route } from "../route.js";
import type { Meeting, MeetingNote } from "../state.js";
import { ApiError, invalid, isEmail, objectBody, optionalString } from "./check.js";
import { parseInstant } from "./meetings.js";
import { leadByEmail, logActivity } from "./records.js";

const CONTENT = ["notes", "transcript_text", "summary", "manual_ai_summary", "action_items"] as const;
const PROVIDER = /^[a-z0-9_-]{1,64}$/;
// Note-takers Nexor integrates itself: their notes arrive through their own integrations, not this endpoint.
const RESERVED = ["fireflies", "diio", "gemini", "retell"];
const HOUR = 60 * 60_000;

const nonEmpty = (value: unknown) =>
  value !== undefined &&
  value !== null &&
  (typeof value !== "string" || value.trim() !== "") &&
  (!Array.isArray(value) || value.length > 0);

function notesInput(call: Call) {
  const body = objectBody(call.body);
  for (const field of [
    "calendar_event_id",
    "external_calendar_provider",
    "external_calendar_event_id",
    "meeting_url",
    "lead_email",
    "meeting_date",
    "external_meeting_id",
    "notes",
    "transcript_text",
    "summary",
    "manual_ai_summary",
  ]) {
    optionalString(body, field, true);
  }
  if (
    body.action_items !== undefined &&
    body.action_items !== null &&
    typeof body.action_items !== "string" &&
    !Array.isArray(body.action_items)
  ) {
    throw invalid("action_items must be a string or an array");
  }
  const provider = optionalString(body, "provider") ?? "manual";
  if (!PROVIDER.test(provider)) throw invalid("provider must match ^[a-z0-9_-]{1,64}$");
  if (RESERVED.includes(provider)) throw invalid(`provider "${provider}" is reserved`);
  if (typeof body.lead_email === "string" && !isEmail(body.lead_email)) throw invalid("lead_email must be an email address");
  const canResolve =
    nonEmpty(body.calendar_event_id) ||
    (nonEmpty(body.external_calendar_provider) && nonEmpty(body.external_calendar_event_id)) ||
    nonEmpty(body.meeting_url) ||
    nonEmpty(body.lead_email);
  // One way to resolve a meeting and one non-empty content field are required.
  if (!canResolve) {
    throw invalid(
      "one way to resolve the meeting is required: calendar_event_id, external_calendar_provider + external_calendar_event_id, meeting_url, or lead_email",
    );
  }
  if (!CONTENT.some((field) => nonEmpty(body[field]))) throw invalid(`one non-empty content field is required: ${CONTENT.join(", ")}`);
  if (typeof body.meeting_date === "string") parseInstant(body.meeting_date, "meeting_date", "UTC");
  return { body, provider };
}

/**
 * The meeting a note is for. Each way the body carries is tried in this order, and the first that finds a meeting
 * wins: calendar_event_id (the meeting's id); the provider + event id POST /meetings de-duplicates on; meeting_url,
 * exactly; lead_email + meeting_date (the lead's meeting starting within 60 minutes of it); lead_email alone (the lead's
 * most recent meeting that has started).
 */
function resolveMeeting(call: Call, body: Record<string, unknown>, now: number): Meeting | undefined {
  const meetings = [...call.account.meetings.values()];
  const attempts: Array<() => Meeting | undefined> = [
    () => (typeof body.calendar_event_id === "string" ? call.account.meetings.get(body.calendar_event_id) : undefined),
    () =>
      body.external_calendar_provider && body.external_calendar_event_id
        ? meetings.find(
            (m) =>
              m.external_calendar_provider === body.external_calendar_provider && m.external_event_id === body.external_calendar_event_id,
          )
        : undefined,
    () => (typeof body.meeting_url === "string" ? meetings.find((m) => m.meeting_url === body.meeting_url) : undefined),
    () => {
      if (typeof body.lead_email !== "string" || typeof body.meeting_date !== "string") return undefined;
      const lead = leadByEmail(call.account, body.lead_email);
      const at = parseInstant(body.meeting_date, "meeting_date", "UTC");
      return meetings
        .filter((m) => m.lead_id === lead?.id && Math.abs(Date.parse(m.starts_at) - at) <= HOUR)
        .sort((a, b) => Math.abs(Date.parse(a.starts_at) - at) - Math.abs(Date.parse(b.starts_at) - at))[0];
    },
    () => {
      if (typeof body.lead_email !== "string") return undefined;
      const lead = leadByEmail(call.account, body.lead_email);
      return meetings
        .filter((m) => m.lead_id === lead?.id && Date.parse(m.starts_at) <= now)
        .sort((a, b) => b.starts_at.localeCompare(a.starts_at))[0];
    },
  ];
  for (const attempt of attempts) {
    const meeting = attempt();
    if (meeting) return meeting;
  }
  return undefined;
}

export const noteRoutes: Route[] = [
  route({
    operation: "createMeetingNotes",
    status: 201,
    method: "POST",
    path: "/meeting-notes",
    input: notesInput,
    act: (call, _found, { body, provider }) => {
      const meeting = resolveMeeting(call, body, Date.parse(call.now));
      if (!meeting)
        throw new ApiError(404, { error: "Not found", message: "No meeting matches: notes attach only to an existing meeting" });
      const content = Object.fromEntries(CONTENT.map((field) => [field, (body[field] as unknown) ?? null])) as Pick<
        MeetingNote,
        (typeof CONTENT)[number]
      >;
      const externalId = (body.external_meeting_id as string | null | undefined) ?? null;
      // external_meeting_id with provider makes a replay update the same note.
      const existing = externalId
        ? [...call.account.notes.values()].find((note) => note.provider === provider && note.external_meeting_id === externalId)
        : undefined;
      if (existing) {
        Object.assign(existing, content, { meeting_id: meeting.id, updated_at: call.now });
        call.write();
        return reply(200, { success: true, note: existing, updated: true });
      }
      const note: MeetingNote = {
        id: randomUUID(),
        meeting_id: meeting.id,
        provider,
        external_meeting_id: externalId,
        ...content,
        created_at: call.now,
        updated_at: call.now,
      };
      call.account.notes.set(note.id, note);
      call.write();
      // The timeline activity fires only on the first insert.
      logActivity(call, meeting.lead_id, {
        channel: "system",
        activity_type: "note_added",
        title: "Meeting notes added",
        description: meeting.title,
        actor_type: "api",
      });
      return reply(201, { success: true, note, updated: false });
    },
  }),
];
