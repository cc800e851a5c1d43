// A lead's workflow runs: stopping and resuming the AI, forcing a status, and enrolling or reassigning.

import { type Call, type Route, reply, route } from "../route.js";
import type { Lead, WorkflowRun } from "../state.js";
import { ApiError, invalid, objectBody, optionalBoolean, optionalString, optionalUuid, requiredString, requiredUuid } from "./check.js";
import { activeRuns, enroll, isTerminal, leadAt, leadBrief, logActivity, workflowNamed } from "./records.js";

const noRun = () => new ApiError(404, { error: "No active workflow run found for this lead and workflow" });

/** The body of stop and resume: `workflow_id` is required, in the `{error}` envelope these pages document. */
function automationInput(call: Call) {
  const body = call.body === undefined ? {} : objectBody(call.body);
  const workflowId = requiredUuid(body, "workflow_id", new ApiError(400, { error: "workflow_id is required" }));
  return { workflowId, resumeCadence: optionalBoolean(body, "resume_cadence") ?? false };
}

/** The lead's active run in a workflow, or the documented 404. */
function runIn(call: Call, lead: Lead, workflowId: string): WorkflowRun {
  const run = activeRuns(call.account, lead.id).find((candidate) => candidate.workflow_id === workflowId);
  if (!run) throw noRun();
  return run;
}

export const automationRoutes: Route[] = [
  route({
    operation: "stopLeadAutomation",
    method: "POST",
    path: "/leads/:id/automation/stop",
    ids: (call) => leadAt(call),
    input: automationInput,
    act: (call, lead, { workflowId }) => {
      const run = runIn(call, lead, workflowId);
      // A lead in a terminal status (expired, converted) has nothing left to stop.
      if (isTerminal(call.account, run)) throw noRun();
      if (run.human_takeover) return reply(200, { success: true, already_stopped: true, workflow_run_id: run.id });
      // The AI stops replying, the cadence pauses and pending scheduled tasks are cancelled.
      const cancelled = run.pending_tasks;
      Object.assign(run, { human_takeover: true, cadence_state: "paused", pending_tasks: 0, updated_at: call.now });
      call.write();
      return reply(200, { success: true, workflow_run_id: run.id, cadence_paused: true, tasks_cancelled: cancelled });
    },
  }),
  route({
    operation: "resumeLeadAutomation",
    method: "POST",
    path: "/leads/:id/automation/resume",
    ids: (call) => leadAt(call),
    input: automationInput,
    act: (call, lead, { workflowId, resumeCadence }) => {
      const run = runIn(call, lead, workflowId);
      if (!run.human_takeover) return reply(200, { success: true, already_running: true, workflow_run_id: run.id });
      // The AI resumes; the cadence only when asked (resume_cadence defaults to false).
      Object.assign(run, { human_takeover: false, updated_at: call.now });
      if (resumeCadence) Object.assign(run, { cadence_state: "active", pending_tasks: 1 });
      call.write();
      return reply(200, { success: true, workflow_run_id: run.id, cadence_resumed: resumeCadence });
    },
  }),
  route({
    operation: "setLeadStatus",
    method: "POST",
    path: "/leads/:id/status",
    ids: (call) => leadAt(call),
    input: (call) => {
      const body = objectBody(call.body);
      return {
        statusKey: requiredString(body, "status_key"),
        reason: optionalString(body, "reason", true) ?? null,
        workflowId: optionalUuid(body, "workflow_id"),
      };
    },
    act: (call, lead, { statusKey, reason, workflowId }) => {
      // No active run: 404; the docs show no error for this operation.
      const runs = activeRuns(call.account, lead.id).filter((run) => !workflowId || run.workflow_id === workflowId);
      if (!runs.length) throw new ApiError(404, { error: "Not found", message: "No active workflow run found for this lead" });
      // workflow_id is needed only to choose among several active runs.
      if (runs.length > 1) throw invalid("workflow_id is required: the lead has several active workflow runs");
      const run = runs[0]!;
      const workflow = call.account.workflows.get(run.workflow_id)!;
      const target = workflow.statuses.find((status) => status.key === statusKey);
      if (!target) throw invalid(`status_key "${statusKey}" does not exist in workflow ${workflow.name}`);
      const previous = run.status_key;
      const answer = { previous_status: previous, new_status: target.key, workflow_run: { id: run.id, workflow_id: run.workflow_id } };
      // Already in the target status: nothing changes.
      if (previous === target.key) return reply(200, { success: true, changed: false, ...answer });
      // A forced override: no downgrade guard. A terminal status cancels pending follow-ups.
      Object.assign(run, { status_key: target.key, status_reason: reason, updated_at: call.now });
      if (target.category === "terminal") Object.assign(run, { cadence_state: "cancelled", run_status: "finished", pending_tasks: 0 });
      call.write();
      logActivity(call, lead.id, {
        channel: "system",
        activity_type: "status_changed",
        title: "Status changed",
        description: `${previous} → ${target.key}${reason ? `: ${reason}` : ""}`,
        actor_type: "api",
      });
      call.emit({
        event_type: "workflow_run.status_changed",
        data: {
          workflow_run: { id: run.id, workflow_id: run.workflow_id, lead_id: lead.id },
          workflow: { id: workflow.id, name: workflow.name },
          lead: leadBrief(lead),
          previous_status: previous,
          new_status: target.key,
          reason,
          changed_at: call.now,
        },
      });
      return reply(200, { success: true, changed: true, ...answer });
    },
  }),
  route({
    operation: "assignLeadWorkflow",
    status: 201,
    // All five fields are required by the docs.
    accepted: {
      workflowRunId: "00000000-0000-4000-8000-000000000000",
      workflowId: "00000000-0000-4000-8000-000000000000",
      workflowName: "Workflow",
      movementType: "enrollment",
      paused: false,
    },
    method: "POST",
    path: "/leads/:id/assign-workflow",
    ids: (call) => leadAt(call),
    input: (call) => {
      const body = objectBody(call.body);
      return {
        workflowId: requiredUuid(body, "workflowId"),
        reason: optionalString(body, "reason", true) ?? null,
        actorId: optionalString(body, "actorId", true) ?? null,
      };
    },
    act: (call, lead, { workflowId, reason }) => {
      const workflow = workflowNamed(call, workflowId, "workflowId");
      const current = activeRuns(call.account, lead.id);
      // With an active run, it is deactivated (the reason stored on it) and replaced: a reassignment. Every active run
      // is replaced, and assigning the workflow the lead is already in is a reassignment too.
      for (const run of current)
        Object.assign(run, { is_active: false, deactivation_reason: reason, pending_tasks: 0, updated_at: call.now });
      const run = enroll(call, lead, workflow);
      call.write();
      return reply(201, {
        workflowRunId: run.id,
        workflowId: workflow.id,
        workflowName: workflow.name,
        movementType: current.length ? "reassignment" : "enrollment",
        // The cadence starts automatically unless the workflow is paused.
        paused: workflow.paused,
      });
    },
  }),
];
