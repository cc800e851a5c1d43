// Meetings: logging one booked elsewhere (matched to a lead by email, de-duplicated by provider + event id), and its
// outcomes: cancel, complete, no-show, each idempotent.
import { randomUUID } from "node:crypto";
import { type Call, type Reply, type Route, reply, route } from "../route.js";
import type { Lead, Meeting } from "../state.js";
import {
  ApiError,
  invalid,
  isEmail,
  isObject,
  leadNotFound,
  notFound,
  objectBody,
  optionalEnum,
  optionalString,
  optionalUuid,
  pathUuid,
  requiredString,
} from "./check.js";
import { meetingCreated, meetingEventData } from "./meeting-views.js";
import { leadByEmail, logActivity } from "./records.js";

const LOCATION_TYPES = ["video", "phone", "in_person"] as const;
const PROVIDERS = ["ghl", "google", "calendly"] as const;
const CREATE_STATUSES = ["scheduled", "confirmed"] as const;
// ISO 8601 date and time; the offset is optional, and a time without one is read in the meeting's timezone.
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The offset of an IANA zone from UTC at an instant, in ms. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** An ISO instant as ms since the epoch; a value without an offset is wall time in `timeZone`. */
export function parseInstant(value: string, field: string, timeZone: string): number {
  const match = ISO.exec(value);
  const parsed = match ? Date.parse(match[8] ? value : `${value}Z`) : Number.NaN;
  if (!match || Number.isNaN(parsed)) throw invalid(`${field} must be an ISO 8601 date-time`);
  if (match[8]) return parsed;
  const first = parsed - zoneOffset(parsed, timeZone);
  return parsed - zoneOffset(first, timeZone);
}

function validZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The body of POST /meetings, each field checked on its own. */
function createInput(call: Call) {
  const body = objectBody(call.body);
  const title = requiredString(body, "title");
  const timezone = optionalString(body, "timezone") ?? "UTC";
  if (!validZone(timezone)) throw invalid("timezone must be an IANA time zone");
  const startsAt = parseInstant(requiredString(body, "starts_at"), "starts_at", timezone);
  let endsAt: number;
  if (body.ends_at !== undefined && body.ends_at !== null) {
    if (typeof body.ends_at !== "string") throw invalid("ends_at must be an ISO 8601 date-time");
    endsAt = parseInstant(body.ends_at, "ends_at", timezone);
  } else if (body.duration_minutes !== undefined && body.duration_minutes !== null) {
    if (!Number.isInteger(body.duration_minutes) || (body.duration_minutes as number) <= 0) {
      throw invalid("duration_minutes must be a positive integer");
    }
    endsAt = startsAt + (body.duration_minutes as number) * 60_000;
  } else {
    throw invalid("ends_at or duration_minutes is required");
  }
  // A meeting that ends before it starts has no duration to store.
  if (endsAt <= startsAt) throw invalid("ends_at must be after starts_at");
  const leadId = optionalUuid(body, "lead_id");
  const leadEmail = optionalString(body, "lead_email");
  if (!leadId && !leadEmail) throw invalid("lead_email is required unless lead_id is given");
  if (leadEmail && !isEmail(leadEmail)) throw invalid("lead_email must be an email address");
  const hostEmail = optionalString(body, "host_email");
  if (hostEmail && !isEmail(hostEmail)) throw invalid("host_email must be an email address");
  const attendees = body.additional_attendees;
  if (attendees !== undefined && attendees !== null) {
    if (!Array.isArray(attendees) || !attendees.every((one) => isObject(one) && isEmail(one.email))) {
      throw invalid("additional_attendees must be an array of {name, email}");
    }
  }
  const provider = optionalEnum(body, "external_calendar_provider", PROVIDERS);
  const eventId = optionalString(body, "external_event_id");
  for (const field of ["meeting_url", "location_details", "description", "attendee_name", "attendee_email", "attendee_phone"]) {
    optionalString(body, field, true);
  }
  if (typeof body.attendee_email === "string" && !isEmail(body.attendee_email)) throw invalid("attendee_email must be an email address");
  return {
    body,
    title,
    timezone,
    startsAt,
    endsAt,
    leadId,
    leadEmail,
    hostEmail,
    provider,
    eventId,
    meetingTypeId: optionalUuid(body, "meeting_type_id"),
    locationType: optionalEnum(body, "location_type", LOCATION_TYPES) ?? "video",
    status: optionalEnum(body, "status", CREATE_STATUSES) ?? "scheduled",
    additional: (attendees as Array<{ name?: string; email: string }> | undefined) ?? [],
  };
}

/** The lead a meeting belongs to: `lead_id` bypasses matching; else by email, the most recently updated; else 404. */
function meetingLead(call: Call, input: ReturnType<typeof createInput>): Lead {
  if (input.leadId) {
    const lead = call.account.leads.get(input.leadId);
    if (!lead) throw leadNotFound();
    return lead;
  }
  const lead = leadByEmail(call.account, input.leadEmail!);
  if (!lead) throw new ApiError(404, { error: "Not found", message: "No lead matches lead_email: create the lead first" });
  return lead;
}

function createMeeting(call: Call, input: ReturnType<typeof createInput>): Reply {
  const lead = meetingLead(call, input);
  const account = call.account;
  const users = [...account.users.values()];
  // The host must be an active user of the account (400 otherwise); without host_email, the account's first active user hosts.
  const host = input.hostEmail
    ? users.find((user) => user.email.toLowerCase() === input.hostEmail!.toLowerCase() && user.active)
    : users.find((user) => user.active);
  if (!host) throw invalid("host_email must be an active user of the account");
  if (input.meetingTypeId && !account.meetingTypes.has(input.meetingTypeId)) {
    throw invalid("meeting_type_id not found or does not belong to your account");
  }
  const body = input.body;
  const text = (field: string) => (body[field] as string | null | undefined) ?? null;
  const fields = {
    lead_id: lead.id,
    title: input.title,
    description: text("description"),
    starts_at: new Date(input.startsAt).toISOString(),
    ends_at: new Date(input.endsAt).toISOString(),
    duration_minutes: Math.round((input.endsAt - input.startsAt) / 60_000),
    timezone: input.timezone,
    location_type: input.locationType,
    location_details: text("location_details"),
    meeting_url: text("meeting_url"),
    status: input.status,
    host_user_id: host.id,
    meeting_type_id: input.meetingTypeId ?? null,
    // The attendee defaults to the lead.
    attendee_name: text("attendee_name") ?? [lead.first_name, lead.last_name].filter(Boolean).join(" "),
    attendee_email: text("attendee_email") ?? lead.email,
    attendee_phone: text("attendee_phone") ?? lead.phone,
    additional_attendees: input.additional.map((one) => ({ name: one.name ?? null, email: one.email })),
    confirmed_by_lead: input.status === "confirmed",
  } satisfies Partial<Meeting>;
  // Dedup: the same provider and event id updates the meeting logged before, instead of creating a duplicate.
  const existing =
    input.provider && input.eventId
      ? [...account.meetings.values()].find(
          (meeting) => meeting.external_calendar_provider === input.provider && meeting.external_event_id === input.eventId,
        )
      : undefined;
  if (existing) {
    const wasConfirmed = existing.status === "confirmed";
    Object.assign(existing, fields, { updated_at: call.now });
    call.write();
    if (!wasConfirmed && existing.status === "confirmed")
      call.emit({ event_type: "meeting.confirmed", data: meetingEventData(account, existing) });
    // A replay answers 200 (nothing new was created); the create answers 201. Neither status is documented.
    return reply(200, { success: true, meeting: meetingCreated(existing) });
  }
  const meeting: Meeting = {
    id: randomUUID(),
    ...fields,
    source: "api",
    cancelled_at: null,
    cancellation_reason: null,
    outcome_notes: null,
    outcome_at: null,
    no_show_reason: null,
    external_calendar_provider: input.provider ?? null,
    external_event_id: input.eventId ?? null,
    created_at: call.now,
    updated_at: call.now,
  };
  account.meetings.set(meeting.id, meeting);
  call.write();
  logActivity(call, lead.id, {
    channel: "system",
    activity_type: "meeting_scheduled",
    title: "Meeting scheduled",
    description: meeting.title,
    actor_type: "api",
  });
  call.emit({ event_type: "meeting.scheduled", data: meetingEventData(account, meeting) });
  return reply(201, { success: true, meeting: meetingCreated(meeting) });
}

const meetingAt = (call: Call): Meeting => {
  const meeting = call.account.meetings.get(pathUuid(call.params.id ?? "", "id"));
  if (!meeting) throw notFound("Meeting");
  return meeting;
};

/** An outcome's optional body: `reason` and `notes`, strings. No body at all is an empty one. */
function outcomeInput(call: Call) {
  const body = call.body === undefined ? {} : objectBody(call.body);
  return { reason: optionalString(body, "reason", true) ?? null, notes: optionalString(body, "notes", true) ?? null };
}

/** Re-applying an outcome is a safe no-op: this answer, no write and no webhook (unless a mode breaks that). */
function idempotent(call: Call, meeting: Meeting, event: string) {
  if (call.broken("webhook-on-idempotent")) call.emit({ event_type: event, data: meetingEventData(call.account, meeting) });
  return reply(200, { success: true, meeting: { id: meeting.id, lead_id: meeting.lead_id, status: meeting.status, idempotent: true } });
}

/** Sets an outcome, logs its activity and raises its webhook. */
function record(call: Call, meeting: Meeting, changes: Partial<Meeting>, activity: string, event: string) {
  Object.assign(meeting, changes, { updated_at: call.now });
  call.write();
  logActivity(call, meeting.lead_id, {
    channel: "system",
    activity_type: activity,
    title: activity.replace(/_/g, " "),
    description: meeting.title,
    actor_type: "api",
  });
  call.emit({ event_type: event, data: meetingEventData(call.account, meeting) });
}

export const meetingRoutes: Route[] = [
  route({
    operation: "createMeeting",
    status: 201,
    method: "POST",
    path: "/meetings",
    input: createInput,
    act: (call, _found, input) => createMeeting(call, input),
  }),
  route({
    operation: "cancelMeeting",
    method: "POST",
    path: "/meetings/:id/cancel",
    ids: meetingAt,
    input: outcomeInput,
    act: (call, meeting, { reason }) => {
      // A meeting logged from a calendar provider is owned by it: the API does not cancel it. Complete and no-show still
      // apply: the skipped answer is documented for cancel only.
      if (meeting.external_calendar_provider) {
        return reply(200, {
          success: true,
          skipped: true,
          reason: "managed_externally_inbound_only",
          message: "Meeting is owned by an external provider and cannot be cancelled via the API",
        });
      }
      if (meeting.status === "cancelled") return idempotent(call, meeting, "meeting.cancelled");
      record(
        call,
        meeting,
        { status: "cancelled", cancelled_at: call.now, cancellation_reason: reason },
        "meeting_cancelled",
        "meeting.cancelled",
      );
      return reply(200, {
        success: true,
        meeting: {
          id: meeting.id,
          lead_id: meeting.lead_id,
          status: meeting.status,
          cancelled_at: meeting.cancelled_at,
          cancellation_reason: meeting.cancellation_reason,
        },
      });
    },
  }),
  route({
    operation: "completeMeeting",
    method: "POST",
    path: "/meetings/:id/complete",
    ids: meetingAt,
    input: outcomeInput,
    act: (call, meeting, { notes }) => {
      if (meeting.status === "completed") return idempotent(call, meeting, "meeting.completed");
      record(call, meeting, { status: "completed", outcome_at: call.now, outcome_notes: notes }, "meeting_completed", "meeting.completed");
      return reply(200, {
        success: true,
        meeting: {
          id: meeting.id,
          lead_id: meeting.lead_id,
          status: meeting.status,
          outcome_at: meeting.outcome_at,
          outcome_notes: meeting.outcome_notes,
        },
      });
    },
  }),
  route({
    operation: "markMeetingNoShow",
    method: "POST",
    path: "/meetings/:id/no-show",
    ids: meetingAt,
    input: outcomeInput,
    act: (call, meeting, { reason, notes }) => {
      if (meeting.status === "no_show") return idempotent(call, meeting, "meeting.no_show");
      // The reason defaults to "api_marked".
      record(
        call,
        meeting,
        { status: "no_show", no_show_reason: reason ?? "api_marked", outcome_at: call.now, outcome_notes: notes },
        "meeting_no_show",
        "meeting.no_show",
      );
      return reply(200, {
        success: true,
        meeting: {
          id: meeting.id,
          lead_id: meeting.lead_id,
          status: meeting.status,
          no_show_reason: meeting.no_show_reason,
          outcome_at: meeting.outcome_at,
          outcome_notes: meeting.outcome_notes,
        },
      });
    },
  }),
];
