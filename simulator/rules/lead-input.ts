// One lead of a create (POST /leads) or a route (POST /processors/:id/leads) body: validated, its unknown top-level
// keys moved into metadata, then created. Both operations take a single object or an array of up to 1,000, and a bulk
// request succeeds partially: the valid leads are created even when others fail validation.
import { randomUUID } from "node:crypto";
import type { Call, Reply } from "../route.js";
import type { Lead, Workflow, WorkflowRun } from "../state.js";
import { ApiError, invalid, isEmail, isObject, isUuid } from "./check.js";
import { enroll, runCreated, workflowNamed } from "./records.js";

/** The most leads one request may carry. */
export const BULK_LIMIT = 1000;

// The core columns of a created lead: any other top-level key is moved into metadata.
const CREATE_CORE = ["first_name", "last_name", "email", "phone", "workflow_id", "campaign_id", "force_first_message", "metadata"];
// A routed lead's body is a created lead's minus workflow_id, and its page lists source, company and title as fields.
const ROUTE_CORE = [
  "first_name",
  "last_name",
  "email",
  "phone",
  "campaign_id",
  "force_first_message",
  "metadata",
  "source",
  "company",
  "title",
];

/** A lead that passed validation, not yet created. */
export interface LeadDraft {
  fields: Pick<Lead, "first_name" | "last_name" | "email" | "phone" | "source" | "company" | "title" | "campaign_id" | "metadata">;
  workflow?: Workflow;
  force_first_message?: string;
}

const nullableString = (item: Record<string, unknown>, field: string): string | null => {
  const value = item[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw invalid(`${field} must be a string`);
  return value;
};

/** Validates one lead. `kind` picks its core columns; a create may name a workflow, a route may not. */
export function draftLead(call: Call, item: unknown, kind: "create" | "route"): LeadDraft {
  if (!isObject(item)) throw invalid("each lead must be a JSON object");
  const core = kind === "create" ? CREATE_CORE : ROUTE_CORE;
  if (typeof item.first_name !== "string" || item.first_name === "") {
    throw invalid(
      item.first_name === undefined || item.first_name === null || item.first_name === ""
        ? "first_name is required"
        : "first_name must be a string",
    );
  }
  const email = nullableString(item, "email");
  if (email !== null && !isEmail(email)) throw invalid("email must be an email address");
  if (item.metadata !== undefined && !isObject(item.metadata)) throw invalid("metadata must be an object");
  if (item.campaign_id !== undefined && item.campaign_id !== null && !isUuid(item.campaign_id)) throw invalid("campaign_id must be a UUID");
  // Metadata has no enforced schema: its values are not checked. Explicit metadata wins over a moved key.
  const moved = Object.fromEntries(Object.entries(item).filter(([key]) => !core.includes(key)));
  const metadata = { ...moved, ...((item.metadata as Record<string, unknown> | undefined) ?? {}) };
  let workflow: Workflow | undefined;
  if (kind === "create" && item.workflow_id !== undefined && item.workflow_id !== null) {
    if (!isUuid(item.workflow_id)) throw invalid("workflow_id must be a UUID");
    workflow = workflowNamed(call, item.workflow_id, "workflow_id");
  }
  let force: string | undefined;
  if (item.force_first_message !== undefined && item.force_first_message !== null) {
    if (typeof item.force_first_message !== "string") throw invalid("force_first_message must be a string");
    // A custom first outreach needs a cadence to open.
    if (kind === "create" && !workflow) throw invalid("force_first_message requires workflow_id");
    force = item.force_first_message;
  }
  const phone = nullableString(item, "phone");
  const draft: LeadDraft = {
    fields: {
      first_name: item.first_name,
      last_name: nullableString(item, "last_name"),
      email,
      phone,
      // POST /leads has no source column (a sent source moves into metadata); its created leads carry "api".
      source: kind === "route" ? (nullableString(item, "source") ?? "api") : "api",
      company: kind === "route" ? nullableString(item, "company") : null,
      title: kind === "route" ? nullableString(item, "title") : null,
      campaign_id: (item.campaign_id as string | null | undefined) ?? null,
      metadata,
    },
  };
  if (workflow) draft.workflow = workflow;
  if (force !== undefined) draft.force_first_message = force;
  if (workflow) needsPhone(draft, workflow);
  return draft;
}

/** A phone is required when the workflow the lead goes to has call steps. */
export function needsPhone(draft: LeadDraft, workflow: Workflow): void {
  if (workflow.steps.includes("call") && !draft.fields.phone) throw invalid(`phone is required: workflow ${workflow.name} has call steps`);
}

/** Creates a validated lead, and enrolls it when it names a workflow. */
export function createLead(call: Call, draft: LeadDraft): { lead: Lead; run?: WorkflowRun } {
  const lead: Lead = {
    id: randomUUID(),
    ...draft.fields,
    variables: {},
    tag_ids: [],
    created_at: call.now,
    updated_at: call.now,
    update_seq: ++call.account.seq,
  };
  call.account.leads.set(lead.id, lead);
  call.write();
  if (!draft.workflow) return { lead };
  return { lead, run: enroll(call, lead, draft.workflow) };
}

/** The lead's own columns, which every documented view of a lead starts with. */
export const leadColumns = (lead: Lead) => ({
  id: lead.id,
  first_name: lead.first_name,
  last_name: lead.last_name,
  email: lead.email,
  phone: lead.phone,
  source: lead.source,
  company: lead.company,
  title: lead.title,
  metadata: lead.metadata,
});

/** The lead a create answers with. */
export const createdLead = (lead: Lead) => ({ ...leadColumns(lead), created_at: lead.created_at });

/** The items of a body: one object, or an array of 1 to 1,000. */
export function leadItems(body: unknown): { items: unknown[]; bulk: boolean } {
  if (Array.isArray(body)) {
    if (body.length === 0) throw invalid("the array must carry at least one lead");
    if (body.length > BULK_LIMIT) throw invalid(`a bulk request carries at most ${BULK_LIMIT} leads`);
    return { items: body, bulk: true };
  }
  if (!isObject(body)) throw invalid("the body must be a lead object or an array of leads");
  return { items: [body], bulk: false };
}

/**
 * Validates every item with `draft`, then creates the valid ones with `create`. A single lead answers 201 with what
 * `create` returned, or its refusal. A bulk request answers 201 when at least one lead was created:
 * `{success, total, created, failed, leads: [{index, ...}], errors: [{index, error, message}]}`; when none was, 400 with
 * the validation error body Nexor's other endpoints use, naming the first invalid item. With `allOrNothing` (the "bulk-all-or-nothing" mode) one invalid item refuses the whole request.
 */
export function createEach<D>(
  items: unknown[],
  bulk: boolean,
  draft: (item: unknown) => D,
  create: (draft: D) => Record<string, unknown>,
  allOrNothing = false,
): Reply {
  if (!bulk) return { status: 201, body: { success: true, ...create(draft(items[0])) } };
  const drafts: Array<{ index: number; draft: D }> = [];
  const errors: Array<Record<string, unknown>> = [];
  items.forEach((item, index) => {
    try {
      drafts.push({ index, draft: draft(item) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.push({ index, ...error.body });
    }
  });
  // No page shows POST /leads' errors or its bulk answer. A 400 takes the shape Nexor's other endpoints use for a
  // validation error, `{"error":"Validation error","message":…}`, and no page shows a list of failed items in an
  // error, so the first invalid item is named in the message.
  const first = errors[0] && `lead ${errors[0].index}: ${errors[0].message ?? errors[0].error}`;
  if (allOrNothing && errors.length)
    throw new ApiError(400, { error: "Validation error", message: `a lead in the request is invalid (${first})` });
  if (!drafts.length) throw new ApiError(400, { error: "Validation error", message: `no lead in the request is valid (${first})` });
  const leads = drafts.map(({ index, draft: valid }) => ({ index, ...create(valid) }));
  return { status: 201, body: { success: true, total: items.length, created: leads.length, failed: errors.length, leads, errors } };
}

/** What one created lead answers with. */
export const createdAnswer = (call: Call, lead: Lead, run?: WorkflowRun) => ({
  lead: createdLead(lead),
  ...(run && { workflow_run: runCreated(call.account, run) }),
});
