// Look-ups and changes more than one rule makes: finding a lead, enrolling it, its active run, its timeline.
import { randomUUID } from "node:crypto";
import type { Call } from "../route.js";
import type { Account, Lead, Workflow, WorkflowRun } from "../state.js";
import { ApiError, leadNotFound, pathUuid } from "./check.js";

/** The lead of a path id: 400 when malformed, 404 when the account holds no such lead. */
export function leadAt(call: Call, name = "id"): Lead {
  const lead = call.account.leads.get(pathUuid(call.params[name] ?? "", name));
  if (!lead) throw leadNotFound();
  return lead;
}

/** The lead with this email, compared case-insensitively; when several match, the most recently updated wins. */
export function leadByEmail(account: Account, email: string): Lead | undefined {
  const wanted = email.toLowerCase();
  let best: Lead | undefined;
  for (const lead of account.leads.values()) {
    if (lead.email?.toLowerCase() !== wanted) continue;
    if (!best || lead.updated_at > best.updated_at || (lead.updated_at === best.updated_at && lead.update_seq > best.update_seq))
      best = lead;
  }
  return best;
}

/** Marks a lead as updated now (the "most recently updated" rules read this). */
export function touchLead(call: Call, lead: Lead): void {
  lead.updated_at = call.now;
  lead.update_seq = ++call.account.seq;
}

/** A workflow named in a body: 400 "<field> not found or does not belong to your account" when unknown. */
export function workflowNamed(call: Call, id: string, field: string): Workflow {
  const workflow = call.account.workflows.get(id);
  if (!workflow) throw notFoundField(field);
  return workflow;
}

/** The 400 the processor pages document for an id in the body that the account does not hold. */
export const notFoundField = (field: string) =>
  new ApiError(400, { error: "Validation error", message: `${field} not found or does not belong to your account` });

/** Whether a status key is terminal in a workflow (expired, converted, lost: the cadence ends). */
export function isTerminal(account: Account, run: WorkflowRun): boolean {
  const workflow = account.workflows.get(run.workflow_id);
  return workflow?.statuses.find((status) => status.key === run.status_key)?.category === "terminal";
}

/** The lead's active runs, oldest first. */
export function activeRuns(account: Account, leadId: string): WorkflowRun[] {
  return [...account.runs.values()].filter((run) => run.lead_id === leadId && run.is_active);
}

/** Adds an item to a lead's timeline. */
export function logActivity(call: Call, leadId: string, item: Record<string, unknown>): void {
  call.account.history.push({ lead_id: leadId, item: { ...item, timestamp: item.timestamp ?? call.now } });
}

/** Enrolls a lead: a new active run at the workflow's first status; the cadence starts unless the workflow is paused. */
export function enroll(call: Call, lead: Lead, workflow: Workflow, actor = "api"): WorkflowRun {
  const run: WorkflowRun = {
    id: randomUUID(),
    lead_id: lead.id,
    workflow_id: workflow.id,
    job_id: `job-${randomUUID().slice(0, 8)}`,
    is_active: true,
    human_takeover: false,
    cadence_state: workflow.paused ? "paused" : "active",
    run_status: "running",
    status_key: workflow.statuses[0]!.key,
    status_reason: null,
    pending_tasks: workflow.paused ? 0 : 1,
    deactivation_reason: null,
    created_at: call.now,
    updated_at: call.now,
  };
  call.account.runs.set(run.id, run);
  logActivity(call, lead.id, {
    channel: "system",
    activity_type: "workflow_assigned",
    title: "Workflow assigned",
    description: `Enrolled in ${workflow.name}`,
    actor_type: actor,
  });
  return run;
}

/** The `workflow_run` a create answers with: the run, its workflow and where the cadence stands. */
export function runCreated(account: Account, run: WorkflowRun) {
  const workflow = account.workflows.get(run.workflow_id)!;
  return {
    id: run.id,
    job_id: run.job_id,
    workflow: { id: workflow.id, name: workflow.name },
    cadence: { stepIndex: 0, channel: workflow.steps[0] ?? null, attemptNumber: 1, maxAttempts: 3, totalSteps: workflow.steps.length },
  };
}

/** The lead fields the webhooks carry. */
export const leadBrief = (lead: Lead) => ({
  id: lead.id,
  first_name: lead.first_name,
  last_name: lead.last_name,
  email: lead.email,
  phone: lead.phone,
  company: lead.company,
  source: lead.source,
});
