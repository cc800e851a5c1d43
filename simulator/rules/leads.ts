// Leads: create (single or bulk), get, update (PUT and PATCH alike), history, meetings and the pause state.
import { type Call, type Route, reply, route } from "../route.js";
import type { Lead } from "../state.js";
import { invalid, isEmail, isObject, isUuid, objectBody, queryInteger, queryList, queryUuid } from "./check.js";
import { createdAnswer, createEach, createLead, draftLead, leadColumns, leadItems } from "./lead-input.js";
import { meetingListed } from "./meeting-views.js";
import { activeRuns, isTerminal, leadAt, touchLead } from "./records.js";

const HISTORY_CHANNELS = ["call", "whatsapp", "email"] as const;
const MEETING_STATUSES = ["scheduled", "confirmed", "completed", "cancelled", "no_show"] as const;

/** The lead's run GET /leads/{id} shows: its newest active run. */
function shownRun(call: Call, lead: Lead) {
  const runs = activeRuns(call.account, lead.id);
  return runs[runs.length - 1];
}

/** GET /leads/{id} in the API reference's shape: `{success, lead, variables}`, the run in snake_case. */
function apiRefLead(call: Call, lead: Lead) {
  const run = shownRun(call, lead);
  const workflow = run && call.account.workflows.get(run.workflow_id);
  const status = workflow?.statuses.find((candidate) => candidate.key === run?.status_key);
  const campaign = lead.campaign_id ? call.account.campaigns.get(lead.campaign_id) : undefined;
  return {
    success: true,
    lead: {
      ...leadColumns(lead),
      tags: tagsOf(call, lead),
      // A campaign id the account does not hold (no campaign endpoint exists to check it) shows as no campaign.
      campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
      active_workflow_run:
        run && workflow
          ? {
              id: run.id,
              workflow_id: run.workflow_id,
              is_active: run.is_active,
              human_takeover: run.human_takeover,
              cadence_state: run.cadence_state,
              run_status: run.run_status,
              workflow: { id: workflow.id, name: workflow.name, goal_type: workflow.goal_type },
              current_status: status ? { id: status.id, key: status.key, label: status.label, category: status.category } : null,
            }
          : null,
      created_at: lead.created_at,
      updated_at: lead.updated_at,
    },
    variables: lead.variables,
  };
}

/** GET /leads/{id} in the guide's shape: the bare lead, the run in camelCase, `assigned_user` for appointment goals. */
function guideLead(call: Call, lead: Lead) {
  const run = shownRun(call, lead);
  const workflow = run && call.account.workflows.get(run.workflow_id);
  const status = workflow?.statuses.find((candidate) => candidate.key === run?.status_key);
  const campaign = lead.campaign_id ? call.account.campaigns.get(lead.campaign_id) : undefined;
  const host = [...call.account.users.values()].find((user) => user.active);
  return {
    ...leadColumns(lead),
    campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
    activeWorkflowRun: run ? { id: run.id, workflow_id: run.workflow_id, is_active: run.is_active, run_status: run.run_status } : null,
    workflow: workflow ? { id: workflow.id, name: workflow.name, goal_type: workflow.goal_type } : null,
    currentStatus: status ? { id: status.id, key: status.key, label: status.label, color: status.color, category: status.category } : null,
    // Present only for appointment goal type workflows: the user meetings are booked with.
    ...(workflow?.goal_type === "appointment" &&
      host && { assigned_user: { id: host.id, name: `${host.first_name} ${host.last_name}`, email: host.email, avatar_url: null } }),
    created_at: lead.created_at,
  };
}

/** The lead's tags as `{id, name, slug}`. */
export function tagsOf(call: Call, lead: Lead) {
  return lead.tag_ids.flatMap((id) => {
    const tag = call.account.tags.get(id);
    return tag ? [{ id: tag.id, name: tag.name, slug: tag.slug }] : [];
  });
}

const leadIdOnly = (call: Call) => leadAt(call);

/** The fields PUT/PATCH may set, each validated; metadata is merged, every other field replaced. */
function updateInput(call: Call) {
  const body = objectBody(call.body);
  const changes: Partial<Lead> = {};
  if (body.first_name !== undefined) {
    if (typeof body.first_name !== "string" || body.first_name === "") throw invalid("first_name must be a non-empty string");
    changes.first_name = body.first_name;
  }
  for (const field of ["last_name", "email", "phone", "company", "title"] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (value !== null && typeof value !== "string") throw invalid(`${field} must be a string or null`);
    if (field === "email" && typeof value === "string" && !isEmail(value)) throw invalid("email must be an email address");
    changes[field] = value;
  }
  if (body.source !== undefined) {
    if (typeof body.source !== "string") throw invalid("source must be a string");
    changes.source = body.source;
  }
  if (body.campaign_id !== undefined) {
    if (body.campaign_id !== null && !isUuid(body.campaign_id)) throw invalid("campaign_id must be a UUID or null");
    changes.campaign_id = body.campaign_id;
  }
  if (body.metadata !== undefined && !isObject(body.metadata)) throw invalid("metadata must be an object");
  // Keys the update does not document are ignored: only creation moves unknown keys into metadata.
  return { changes, metadata: body.metadata as Record<string, unknown> | undefined };
}

function updateLead(call: Call, lead: Lead, input: ReturnType<typeof updateInput>) {
  Object.assign(lead, input.changes);
  // A shallow merge: existing keys kept, new keys added, matching keys overwritten.
  if (input.metadata) lead.metadata = { ...lead.metadata, ...input.metadata };
  touchLead(call, lead);
  call.write();
  return reply(200, {
    success: true,
    lead: {
      id: lead.id,
      first_name: lead.first_name,
      source: lead.source,
      metadata: lead.metadata,
      created_at: lead.created_at,
      last_name: lead.last_name,
      email: lead.email,
      phone: lead.phone,
      company: lead.company,
      title: lead.title,
      campaign_id: lead.campaign_id,
    },
  });
}

export const leadRoutes: Route[] = [
  route({
    operation: "createLeads",
    status: 201,
    method: "POST",
    path: "/leads",
    input: (call) => leadItems(call.body),
    act: (call, _found, { items, bulk }) =>
      createEach(
        items,
        bulk,
        (item) => draftLead(call, item, "create"),
        (draft) => {
          const { lead, run } = createLead(call, draft);
          return createdAnswer(call, lead, run);
        },
        call.broken("bulk-all-or-nothing"),
      ),
  }),
  route({
    operation: "getLead",
    method: "GET",
    path: "/leads/:id",
    ids: leadIdOnly,
    act: (call, lead) => reply(200, call.leadShape === "guide" ? guideLead(call, lead) : apiRefLead(call, lead)),
  }),
  route({ operation: "putLead", method: "PUT", path: "/leads/:id", ids: leadIdOnly, input: updateInput, act: updateLead }),
  // PATCH behaves exactly as PUT.
  route({ operation: "updateLead", method: "PATCH", path: "/leads/:id", ids: leadIdOnly, input: updateInput, act: updateLead }),
  route({
    operation: "getLeadHistory",
    method: "GET",
    path: "/leads/:id/history",
    ids: leadIdOnly,
    input: (call) => ({
      channels: queryList(call.query, "channel", HISTORY_CHANNELS),
      limit: queryInteger(call.query, "limit", 50, 1, 200),
      offset: queryInteger(call.query, "offset", 0, 0, Number.MAX_SAFE_INTEGER),
    }),
    act: (call, lead, { channels, limit, offset }) => {
      // Chronological, oldest first. A channel filter keeps only that channel's items (system activity has none).
      const items = call.account.history
        .filter((entry) => entry.lead_id === lead.id && (!channels || channels.includes(entry.item.channel as never)))
        .map((entry) => entry.item)
        .sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
      return reply(200, {
        success: true,
        lead: {
          id: lead.id,
          first_name: lead.first_name,
          last_name: lead.last_name,
          phone: lead.phone,
          email: lead.email,
          source: lead.source,
          created_at: lead.created_at,
        },
        history: items.slice(offset, offset + limit),
      });
    },
  }),
  route({
    operation: "listLeadMeetings",
    method: "GET",
    path: "/leads/:id/meetings",
    ids: leadIdOnly,
    input: (call) => queryList(call.query, "status", MEETING_STATUSES),
    act: (call, lead, statuses) => {
      const meetings = [...call.account.meetings.values()]
        .filter((meeting) => meeting.lead_id === lead.id && (!statuses || statuses.includes(meeting.status)))
        // Most recent first: the latest start.
        .sort((a, b) => b.starts_at.localeCompare(a.starts_at));
      return reply(200, { success: true, meetings: meetings.map((meeting) => meetingListed(call.account, meeting)) });
    },
  }),
  route({
    operation: "isLeadPaused",
    // success and paused are both required by the docs.
    accepted: { success: true, paused: false },
    method: "GET",
    path: "/leads/:id/is_paused",
    ids: leadIdOnly,
    input: (call) => queryUuid(call.query, "workflow_id"),
    act: (call, lead, workflowId) => {
      // Paused when any active, non-terminal run (of the workflow, when one is named) is under human takeover.
      const paused = activeRuns(call.account, lead.id).some(
        (run) => (!workflowId || run.workflow_id === workflowId) && !isTerminal(call.account, run) && run.human_takeover,
      );
      return reply(200, { success: true, paused });
    },
  }),
];
