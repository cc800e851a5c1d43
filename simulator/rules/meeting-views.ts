// How a meeting is shown: in a lead's meeting list, in a create's answer, and in a meeting webhook's data.
import type { Account, Meeting } from "../state.js";
import { activeRuns, leadBrief } from "./records.js";

/** A meeting as GET /leads/{id}/meetings lists it. */
export function meetingListed(account: Account, meeting: Meeting) {
  const host = account.users.get(meeting.host_user_id);
  const type = meeting.meeting_type_id ? account.meetingTypes.get(meeting.meeting_type_id) : undefined;
  return {
    id: meeting.id,
    title: meeting.title,
    starts_at: meeting.starts_at,
    ends_at: meeting.ends_at,
    duration_minutes: meeting.duration_minutes,
    timezone: meeting.timezone,
    status: meeting.status,
    meeting_url: meeting.meeting_url,
    location_type: meeting.location_type,
    location_details: meeting.location_details,
    host_name: host ? `${host.first_name} ${host.last_name}` : null,
    meeting_type: type ? { id: type.id, name: type.name } : null,
    attendee_name: meeting.attendee_name,
    attendee_email: meeting.attendee_email,
    confirmed_by_lead: meeting.confirmed_by_lead,
    cancelled_at: meeting.cancelled_at,
    cancellation_reason: meeting.cancellation_reason,
    no_show_reason: meeting.no_show_reason,
    outcome_notes: meeting.outcome_notes,
    created_at: meeting.created_at,
  };
}

/** A meeting as POST /meetings answers it: every stored field the consumer sent or that was defaulted. */
export function meetingCreated(meeting: Meeting) {
  const { host_user_id: _host, ...shown } = meeting;
  return shown;
}

/** The `data` of a meeting webhook: the meeting, its lead, host, type and the lead's workflow. */
export function meetingEventData(account: Account, meeting: Meeting) {
  const lead = account.leads.get(meeting.lead_id)!;
  const host = account.users.get(meeting.host_user_id);
  const type = meeting.meeting_type_id ? account.meetingTypes.get(meeting.meeting_type_id) : undefined;
  const run = activeRuns(account, lead.id).at(-1);
  const workflow = run && account.workflows.get(run.workflow_id);
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      starts_at: meeting.starts_at,
      ends_at: meeting.ends_at,
      duration_minutes: meeting.duration_minutes,
      timezone: meeting.timezone,
      location_type: meeting.location_type,
      location_details: meeting.location_details,
      meeting_url: meeting.meeting_url,
      status: meeting.status,
      source: meeting.source,
      attendee_name: meeting.attendee_name,
      attendee_email: meeting.attendee_email,
      attendee_phone: meeting.attendee_phone,
      confirmed_by_lead: meeting.confirmed_by_lead,
      cancelled_at: meeting.cancelled_at,
      cancellation_reason: meeting.cancellation_reason,
      outcome_notes: meeting.outcome_notes,
      outcome_at: meeting.outcome_at,
      no_show_reason: meeting.no_show_reason,
    },
    lead: leadBrief(lead),
    host: host ? { id: host.id, first_name: host.first_name, last_name: host.last_name, email: host.email } : null,
    meeting_type: type ? { id: type.id, name: type.name } : null,
    workflow: workflow ? { id: workflow.id, name: workflow.name } : null,
  };
}
