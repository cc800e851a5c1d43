// Log a meeting booked in another calendar, then mark it a no-show. Creating it with the calendar's provider and
// event id makes the call idempotent (a replay updates the same meeting), so the client may safely retry it.
//   NEXOR_API_KEY=nxr_live_… npx tsx examples/meeting-no-show.ts <lead id>
import { createNexorClient } from "@nexor/api";

const nexor = createNexorClient();
const leadId = process.argv[2] ?? "3c90c3cc-0d44-4b50-8888-8dd25736052a";

await nexor.meetings.create({
  lead_id: leadId,
  title: "Product demo",
  starts_at: "2026-04-10T15:00:00",
  timezone: "America/New_York",
  duration_minutes: 30,
  external_calendar_provider: "calendly",
  external_event_id: "5f7c2a9e1b3d4c6a",
});

// The creation answer is not documented; the lead's meetings, most recent first, give the meeting's id.
const { meetings = [] } = await nexor.leads.meetings(leadId, { status: ["scheduled", "confirmed"] });
const meeting = meetings.find((candidate) => candidate.title === "Product demo") ?? meetings[0];
if (!meeting?.id) throw new Error("The meeting was not found among the lead's scheduled meetings");

const marked = await nexor.meetings.noShow(meeting.id, { reason: "lead_did_not_join", notes: "Waited 15 minutes." });
console.log(`Meeting ${meeting.id} is now ${marked.meeting?.status}`);
