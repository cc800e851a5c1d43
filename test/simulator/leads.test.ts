// Leads, as the docs describe them: create single or bulk with partial success, unknown keys into metadata, get in
// either documented shape, update by PUT or PATCH with a shallow metadata merge, history paging, meetings, is_paused.
import { describe, expect } from "vitest";
import { call, test } from "./fixture.js";

describe("simulator: leads", () => {
  test("create: first_name is required; a created lead answers 201 {success, lead}", async ({ sim }) => {
    const missing = await call(sim, "POST", "/leads", { last_name: "Solo" });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: "Validation error", message: "first_name is required" });
    const created = await call(sim, "POST", "/leads", { first_name: "Ana", email: "ana@example.com" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      success: true,
      lead: { first_name: "Ana", email: "ana@example.com", source: "api", metadata: {} },
    });
    expect(created.body.workflow_run).toBeUndefined();
  });

  test("create: a lead with workflow_id is enrolled in the workflow's cadence", async ({ sim }) => {
    const created = await call(sim, "POST", "/leads", { first_name: "Ana", phone: "+15550101", workflow_id: sim.seed.workflowId });
    expect(created.status).toBe(201);
    expect(created.body.workflow_run).toMatchObject({
      workflow: { id: sim.seed.workflowId },
      cadence: { stepIndex: 0, channel: "call", attemptNumber: 1 },
    });
    const read = await call(sim, "GET", `/leads/${created.body.lead.id}`);
    expect(read.body.lead.active_workflow_run).toMatchObject({
      workflow_id: sim.seed.workflowId,
      is_active: true,
      current_status: { key: "new" },
    });
  });

  test("create: phone is required when the workflow has call steps", async ({ sim }) => {
    const refused = await call(sim, "POST", "/leads", { first_name: "Ana", workflow_id: sim.seed.workflowId });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/phone is required/);
    // The second seeded workflow is email only: no phone needed.
    expect((await call(sim, "POST", "/leads", { first_name: "Ana", workflow_id: sim.seed.secondWorkflowId })).status).toBe(201);
  });

  test("create: force_first_message requires workflow_id", async ({ sim }) => {
    const refused = await call(sim, "POST", "/leads", { first_name: "Ana", force_first_message: "Hi" });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe("force_first_message requires workflow_id");
  });

  test("create: unknown top-level keys move into metadata, and explicit metadata wins", async ({ sim }) => {
    const created = await call(sim, "POST", "/leads", {
      first_name: "Ana",
      plan: "pro",
      budget: 10,
      company: "Acme",
      metadata: { plan: "basic" },
    });
    expect(created.body.lead.metadata).toEqual({ plan: "basic", budget: 10, company: "Acme" });
  });

  test("create bulk: partial success, the valid leads are created even if others fail validation", async ({ sim }) => {
    const answer = await call(sim, "POST", "/leads", [
      { last_name: "no first name" },
      { first_name: "Bea" },
      { first_name: "Cy", email: "bad" },
    ]);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ success: true, total: 3, created: 1, failed: 2 });
    expect(answer.body.leads.map((one: { index: number }) => one.index)).toEqual([1]);
    expect(answer.body.errors.map((one: { index: number }) => one.index)).toEqual([0, 2]);
    expect(sim.writes).toHaveLength(1);
  });

  test("create bulk: up to 1,000 leads; 1,001 is refused and nothing is created", async ({ sim }) => {
    const leads = Array.from({ length: 1000 }, (_, index) => ({ first_name: `L${index}` }));
    expect((await call(sim, "POST", "/leads", leads)).body.created).toBe(1000);
    const before = sim.writes.length;
    const refused = await call(sim, "POST", "/leads", [...leads, { first_name: "one too many" }]);
    expect(refused.status).toBe(400);
    expect(sim.writes.length).toBe(before);
  });

  test("create bulk: when no lead is valid, 400 and nothing is written", async ({ sim }) => {
    const refused = await call(sim, "POST", "/leads", [{ first_name: 1 }]);
    expect(refused.status).toBe(400);
    expect(sim.writes).toEqual([]);
  });

  test("get: the API-ref shape {success, lead, variables} by default", async ({ sim }) => {
    const answer = await call(sim, "GET", `/leads/${sim.seed.leadId}`);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(["success", "lead", "variables"]);
    expect(answer.body.lead).toMatchObject({ id: sim.seed.leadId, tags: [], updated_at: expect.any(String) });
    expect(answer.body.lead.active_workflow_run).toMatchObject({ human_takeover: false, cadence_state: "active", run_status: "running" });
  });

  test("get: the guide's bare lead with camelCase activeWorkflowRun/currentStatus when leadShape is guide", async ({ start }) => {
    const sim = await start({ leadShape: "guide" });
    const answer = await call(sim, "GET", `/leads/${sim.seed.leadId}`);
    expect(answer.body.success).toBeUndefined();
    expect(answer.body).toMatchObject({
      id: sim.seed.leadId,
      activeWorkflowRun: { workflow_id: sim.seed.workflowId, run_status: "running" },
      currentStatus: { key: "new", color: expect.any(String) },
      workflow: { goal_type: "appointment" },
      assigned_user: { email: sim.seed.hostEmail },
    });
  });

  test("get: an unknown lead is 404 Lead not found; a malformed id is 400", async ({ sim }) => {
    const unknown = await call(sim, "GET", "/leads/3c90c3cc-0d44-4b50-8888-8dd25736052a");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: "Not found", message: "Lead not found or does not belong to your account" });
    expect((await call(sim, "GET", "/leads/lead-uuid")).status).toBe(400);
  });

  test("update: PUT and PATCH alike replace fields and shallow-merge metadata", async ({ sim }) => {
    const put = await call(sim, "PUT", `/leads/${sim.seed.leadId}`, { title: null, metadata: { stage: "demo" } });
    expect(put.status).toBe(200);
    expect(put.body.lead).toMatchObject({ title: null, metadata: { plan_interest: "pro", stage: "demo" } });
    const patch = await call(sim, "PATCH", `/leads/${sim.seed.leadId}`, { company: "New Co", metadata: { stage: "won" } });
    expect(patch.body.lead).toMatchObject({ company: "New Co", title: null, metadata: { plan_interest: "pro", stage: "won" } });
    expect(Object.keys(patch.body.lead).sort()).toEqual(
      ["id", "first_name", "source", "metadata", "created_at", "last_name", "email", "phone", "company", "title", "campaign_id"].sort(),
    );
  });

  test("update: campaign_id null removes the campaign; a non-email email is 400", async ({ sim }) => {
    expect((await call(sim, "PATCH", `/leads/${sim.seed.leadId}`, { campaign_id: null })).body.lead.campaign_id).toBeNull();
    expect((await call(sim, "PATCH", `/leads/${sim.seed.leadId}`, { email: "nope" })).status).toBe(400);
  });

  test("history: limit 1–200 (default 50) and offset page the chronological timeline", async ({ sim }) => {
    for (let index = 0; index < 60; index++) {
      await call(sim, "POST", "/messages", {
        lead_id: sim.seed.leadId,
        workflow_id: sim.seed.workflowId,
        channel: "whatsapp",
        content: `m${index}`,
      });
    }
    const first = await call(sim, "GET", `/leads/${sim.seed.leadId}/history`);
    expect(first.body.history).toHaveLength(50);
    expect(first.body.history[0].activity_type).toBe("workflow_assigned");
    const page = await call(sim, "GET", `/leads/${sim.seed.leadId}/history?limit=5&offset=3`);
    expect(page.body.history.map((item: { content: string }) => item.content)).toEqual(["m2", "m3", "m4", "m5", "m6"]);
    const whatsapp = await call(sim, "GET", `/leads/${sim.seed.leadId}/history?channel=whatsapp&limit=200`);
    expect(whatsapp.body.history).toHaveLength(60);
    for (const bad of ["limit=0", "limit=201", "limit=text", "offset=-1", "channel=fax"]) {
      expect((await call(sim, "GET", `/leads/${sim.seed.leadId}/history?${bad}`)).status, bad).toBe(400);
    }
  });

  test("meetings of a lead: most recent first, filtered by a comma-separated status list", async ({ sim }) => {
    for (const [title, starts] of [
      ["early", "2026-01-01T10:00:00Z"],
      ["late", "2026-03-01T10:00:00Z"],
    ]) {
      await call(sim, "POST", "/meetings", { lead_id: sim.seed.leadId, title, starts_at: starts, duration_minutes: 30 });
    }
    const all = await call(sim, "GET", `/leads/${sim.seed.leadId}/meetings`);
    expect(all.body.meetings.map((meeting: { title: string }) => meeting.title)).toEqual(["late", "early"]);
    await call(sim, "POST", `/meetings/${all.body.meetings[1].id}/complete`, {});
    const completed = await call(sim, "GET", `/leads/${sim.seed.leadId}/meetings?status=completed,no_show`);
    expect(completed.body.meetings.map((meeting: { title: string }) => meeting.title)).toEqual(["early"]);
    expect((await call(sim, "GET", `/leads/${sim.seed.leadId}/meetings?status=completed&status=no_show`)).body.meetings).toHaveLength(1);
    expect((await call(sim, "GET", `/leads/${sim.seed.leadId}/meetings?status=done`)).status).toBe(400);
  });

  test("is_paused: paused when an active non-terminal run has human_takeover; workflow_id narrows it", async ({ sim }) => {
    const path = `/leads/${sim.seed.leadId}/is_paused`;
    expect((await call(sim, "GET", path)).body).toEqual({ success: true, paused: false });
    await call(sim, "POST", `/leads/${sim.seed.leadId}/automation/stop`, { workflow_id: sim.seed.workflowId });
    expect((await call(sim, "GET", path)).body).toEqual({ success: true, paused: true });
    expect((await call(sim, "GET", `${path}?workflow_id=${sim.seed.secondWorkflowId}`)).body.paused).toBe(false);
    expect((await call(sim, "GET", `${path}?workflow_id=nope`)).status).toBe(400);
    const missing = await call(sim, "GET", "/leads/3c90c3cc-0d44-4b50-8888-8dd25736052a/is_paused");
    expect(missing.body).toEqual({ error: "Not found", message: "Lead not found or does not belong to your account" });
  });
});
