// A lead's workflow runs: stop/resume the AI (idempotent: already_stopped/already_running), force a status, and
// assign a workflow (enrollment without an active run, reassignment with one; 201, camelCase).
import { describe, expect } from "vitest";
import { call, test } from "./fixture.js";

describe("simulator: automation, status and assignment", () => {
  test("stop: workflow_id is required ({error} alone); stop pauses the cadence and cancels pending tasks; again is already_stopped", async ({
    sim,
  }) => {
    const path = `/leads/${sim.seed.leadId}/automation/stop`;
    const missing = await call(sim, "POST", path, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: "workflow_id is required" });
    const stopped = await call(sim, "POST", path, { workflow_id: sim.seed.workflowId });
    expect(stopped.body).toEqual({ success: true, workflow_run_id: expect.any(String), cadence_paused: true, tasks_cancelled: 1 });
    const again = await call(sim, "POST", path, { workflow_id: sim.seed.workflowId });
    expect(again.body).toEqual({ success: true, already_stopped: true, workflow_run_id: stopped.body.workflow_run_id });
    expect(sim.writes).toHaveLength(1);
  });

  test("stop/resume: no active run in that workflow is 404 No active workflow run found", async ({ sim }) => {
    for (const action of ["stop", "resume"]) {
      const answer = await call(sim, "POST", `/leads/${sim.seed.leadId}/automation/${action}`, { workflow_id: sim.seed.secondWorkflowId });
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: "No active workflow run found for this lead and workflow" });
    }
  });

  test("stop: a lead in a terminal status is 404 too", async ({ sim }) => {
    await call(sim, "POST", `/leads/${sim.seed.leadId}/status`, { status_key: "lost" });
    const answer = await call(sim, "POST", `/leads/${sim.seed.leadId}/automation/stop`, { workflow_id: sim.seed.workflowId });
    expect(answer.status).toBe(404);
  });

  test("resume: the AI resumes, the cadence only with resume_cadence (default false); a running one is already_running", async ({
    sim,
  }) => {
    const path = `/leads/${sim.seed.leadId}/automation/resume`;
    const running = await call(sim, "POST", path, { workflow_id: sim.seed.workflowId });
    expect(running.body).toMatchObject({ success: true, already_running: true });
    await call(sim, "POST", `/leads/${sim.seed.leadId}/automation/stop`, { workflow_id: sim.seed.workflowId });
    expect((await call(sim, "POST", path, { workflow_id: sim.seed.workflowId })).body).toMatchObject({ cadence_resumed: false });
    await call(sim, "POST", `/leads/${sim.seed.leadId}/automation/stop`, { workflow_id: sim.seed.workflowId });
    expect((await call(sim, "POST", path, { workflow_id: sim.seed.workflowId, resume_cadence: true })).body).toMatchObject({
      cadence_resumed: true,
    });
    const lead = await call(sim, "GET", `/leads/${sim.seed.leadId}`);
    expect(lead.body.lead.active_workflow_run).toMatchObject({ human_takeover: false, cadence_state: "active" });
  });

  test("set status: status_key must exist in the lead's workflow; changed false when already there; previous_status", async ({ sim }) => {
    const path = `/leads/${sim.seed.leadId}/status`;
    expect((await call(sim, "POST", path, {})).status).toBe(400);
    expect((await call(sim, "POST", path, { status_key: "no_such_status" })).status).toBe(400);
    const moved = await call(sim, "POST", path, { status_key: "qualified", reason: "budget confirmed" });
    expect(moved.body).toEqual({
      success: true,
      changed: true,
      previous_status: "new",
      new_status: "qualified",
      workflow_run: { id: expect.any(String), workflow_id: sim.seed.workflowId },
    });
    expect((await call(sim, "POST", path, { status_key: "qualified" })).body).toMatchObject({
      changed: false,
      previous_status: "qualified",
    });
    // A forced override: no downgrade guard.
    expect((await call(sim, "POST", path, { status_key: "new" })).body).toMatchObject({ changed: true, new_status: "new" });
  });

  test("assign-workflow: enrollment without an active run, reassignment with one; 201 camelCase", async ({ sim }) => {
    const lead = await call(sim, "POST", "/leads", { first_name: "Ana" });
    const path = `/leads/${lead.body.lead.id}/assign-workflow`;
    const enrolled = await call(sim, "POST", path, { workflowId: sim.seed.secondWorkflowId });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toEqual({
      workflowRunId: expect.any(String),
      workflowId: sim.seed.secondWorkflowId,
      workflowName: "Email nurture",
      movementType: "enrollment",
      paused: false,
    });
    const moved = await call(sim, "POST", path, { workflowId: sim.seed.pausedWorkflowId, reason: "re-engage" });
    expect(moved.body).toMatchObject({ movementType: "reassignment", paused: true });
    const state = sim.state() as { runs: Record<string, { id: string; is_active: boolean; deactivation_reason: string | null }> };
    expect(state.runs[enrolled.body.workflowRunId]).toMatchObject({ is_active: false, deactivation_reason: "re-engage" });
    expect((await call(sim, "POST", path, {})).status).toBe(400);
    expect((await call(sim, "POST", path, { workflowId: "3c90c3cc-0d44-4b50-8888-8dd25736052a" })).status).toBe(400);
  });
});
