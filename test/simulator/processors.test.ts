// Processors: create/get/patch, the soft delete (routing then 404), rules by position, reorder, and routing: rules
// top to bottom, the first whose conditions all match wins, else the default workflow.
import { describe, expect } from "vitest";
import type { Simulator } from "../../simulator/index.js";
import { type Answer, call, test } from "./fixture.js";

async function processor(sim: Simulator): Promise<string> {
  const created = await call(sim, "POST", "/processors", { name: "Inbound", default_workflow_id: sim.seed.secondWorkflowId });
  return created.body.processor.id;
}

const rule = (sim: Simulator, id: string, body: Record<string, unknown>): Promise<Answer> =>
  call(sim, "POST", `/processors/${id}/rules`, { workflow_id: sim.seed.workflowId, conditions: [], ...body });

describe("simulator: processors", () => {
  test("create: name and default_workflow_id required, the workflow must exist; 201", async ({ sim }) => {
    expect((await call(sim, "POST", "/processors", { name: "P" })).body).toEqual({
      error: "Validation error",
      message: "default_workflow_id is required",
    });
    expect(
      (await call(sim, "POST", "/processors", { name: "P", default_workflow_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a" })).body,
    ).toEqual({
      error: "Validation error",
      message: "default_workflow_id not found or does not belong to your account",
    });
    const created = await call(sim, "POST", "/processors", { name: "P", default_workflow_id: sim.seed.workflowId });
    expect(created.status).toBe(201);
    expect(created.body.processor).toMatchObject({ name: "P", description: null, is_active: true });
  });

  test("get: the processor with its default workflow and rules by position; unknown is 404", async ({ sim }) => {
    const id = await processor(sim);
    await rule(sim, id, { name: "second", position: 5 });
    await rule(sim, id, { name: "first", position: 2 });
    const got = await call(sim, "GET", `/processors/${id}`);
    expect(got.body.processor.default_workflow).toEqual({ id: sim.seed.secondWorkflowId, name: "Email nurture" });
    expect(got.body.processor.rules.map((one: { name: string }) => one.name)).toEqual(["first", "second"]);
    const missing = await call(sim, "GET", "/processors/3c90c3cc-0d44-4b50-8888-8dd25736052a");
    expect(missing.body).toEqual({ error: "Not found", message: "Processor not found or does not belong to your account" });
  });

  test("patch: optional fields; an unknown default_workflow_id is 400", async ({ sim }) => {
    const id = await processor(sim);
    expect((await call(sim, "PATCH", `/processors/${id}`, { description: "d" })).body.processor.description).toBe("d");
    expect((await call(sim, "PATCH", `/processors/${id}`, { default_workflow_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a" })).status).toBe(
      400,
    );
  });

  test("delete: a soft delete, rules kept, routing then 404", async ({ sim }) => {
    const id = await processor(sim);
    await rule(sim, id, { name: "kept" });
    expect((await call(sim, "DELETE", `/processors/${id}`)).body).toEqual({ success: true, message: "Processor deactivated" });
    const got = await call(sim, "GET", `/processors/${id}`);
    expect(got.body.processor).toMatchObject({ is_active: false, rules: [{ name: "kept" }] });
    expect((await call(sim, "POST", `/processors/${id}/leads`, { first_name: "Ana" })).status).toBe(404);
  });

  test("rules: name, workflow_id and conditions are required; appended when position is omitted; operators checked", async ({ sim }) => {
    const id = await processor(sim);
    expect((await call(sim, "POST", `/processors/${id}/rules`, { workflow_id: sim.seed.workflowId, conditions: [] })).status).toBe(400);
    expect((await rule(sim, id, { name: "r", conditions: undefined })).status).toBe(400);
    expect((await rule(sim, id, { name: "r", conditions: [{ field: "email", operator: "like", value: "x" }] })).status).toBe(400);
    expect((await rule(sim, id, { name: "r", conditions: [{ field: "email", operator: "eq" }] })).status).toBe(400);
    expect((await rule(sim, id, { name: "r", conditions: [{ field: "color", operator: "exists" }] })).status).toBe(400);
    const a = await rule(sim, id, { name: "a", position: 3 });
    expect(a.status).toBe(201);
    const b = await rule(sim, id, { name: "b", conditions: [{ field: "metadata.plan", operator: "exists" }] });
    expect(b.body.rule).toMatchObject({ position: 4, is_active: true, processor_id: id });
  });

  test("rule patch replaces conditions; delete is permanent and the others keep their positions", async ({ sim }) => {
    const id = await processor(sim);
    const a = (await rule(sim, id, { name: "a", conditions: [{ field: "email", operator: "exists" }] })).body.rule;
    const b = (await rule(sim, id, { name: "b" })).body.rule;
    const c = (await rule(sim, id, { name: "c" })).body.rule;
    const patched = await call(sim, "PATCH", `/processors/${id}/rules/${a.id}`, {
      conditions: [{ field: "phone", operator: "not_exists" }],
    });
    expect(patched.body.rule.conditions).toEqual([{ field: "phone", operator: "not_exists" }]);
    expect(
      (await call(sim, "PATCH", `/processors/${id}/rules/${a.id}`, { workflow_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a" })).status,
    ).toBe(400);
    expect((await call(sim, "DELETE", `/processors/${id}/rules/${b.id}`)).body).toEqual({ success: true, message: "Rule deleted" });
    const rules = (await call(sim, "GET", `/processors/${id}`)).body.processor.rules;
    expect(rules.map((one: { id: string; position: number }) => [one.id, one.position])).toEqual([
      [a.id, 1],
      [c.id, 3],
    ]);
    const gone = await call(sim, "DELETE", `/processors/${id}/rules/${b.id}`);
    expect(gone.body).toEqual({ error: "Not found", message: "Rule not found" });
  });

  test("reorder: rule_ids must be a non-empty array; listed first from position 1, the rest appended", async ({ sim }) => {
    const id = await processor(sim);
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) ids.push((await rule(sim, id, { name })).body.rule.id);
    const empty = await call(sim, "PUT", `/processors/${id}/rules/reorder`, { rule_ids: [] });
    expect(empty.body).toEqual({ error: "Validation error", message: "rule_ids must be a non-empty array" });
    const reordered = await call(sim, "PUT", `/processors/${id}/rules/reorder`, { rule_ids: [ids[2], ids[0]] });
    expect(reordered.body).toEqual({
      success: true,
      rules: [
        { id: ids[2], name: "c", position: 1 },
        { id: ids[0], name: "a", position: 2 },
        { id: ids[1], name: "b", position: 3 },
      ],
    });
  });

  test("route: the first active rule whose conditions all match wins, else the default workflow", async ({ sim }) => {
    const id = await processor(sim);
    await rule(sim, id, { name: "inactive", is_active: false, conditions: [] });
    await rule(sim, id, {
      name: "enterprise",
      conditions: [
        { field: "metadata.seats", operator: "gte", value: 50 },
        { field: "email", operator: "contains", value: "@ACME." },
      ],
    });
    await rule(sim, id, {
      name: "any acme",
      workflow_id: sim.seed.pausedWorkflowId,
      conditions: [{ field: "company", operator: "eq", value: "Acme" }],
    });
    const routed = await call(sim, "POST", `/processors/${id}/leads`, [
      { first_name: "Big", email: "cto@acme.com", phone: "+1555", company: "Acme", seats: 80 },
      { first_name: "Small", email: "dev@acme.com", company: "Acme", seats: 3 },
      { first_name: "Else", email: "x@other.com" },
      { first_name: "No phone", email: "ceo@acme.com", seats: 100 },
    ]);
    expect(routed.status).toBe(201);
    expect(routed.body.leads.map((one: { routing: { rule_name: string | null } }) => one.routing.rule_name)).toEqual([
      "enterprise",
      "any acme",
      null,
    ]);
    expect(routed.body.leads[2].workflow_run.workflow.id).toBe(sim.seed.secondWorkflowId);
    // The enterprise workflow has call steps: a phone is required.
    expect(routed.body.errors).toEqual([{ index: 3, error: "Validation error", message: expect.stringMatching(/phone is required/) }]);
    expect(routed.body.leads[1].lead).toMatchObject({ company: "Acme", source: "api", metadata: { seats: 3 } });
  });

  test("route: every operator over lead fields and metadata keys", async ({ sim }) => {
    const id = await processor(sim);
    const cases: Array<[Record<string, unknown>, boolean]> = [
      [{ field: "first_name", operator: "eq", value: "Ana" }, true],
      [{ field: "first_name", operator: "neq", value: "Ana" }, false],
      [{ field: "metadata.score", operator: "gt", value: 9 }, true],
      [{ field: "metadata.score", operator: "lt", value: 10 }, false],
      [{ field: "metadata.score", operator: "lte", value: 10 }, true],
      [{ field: "title", operator: "contains", value: "CHIEF" }, true],
      [{ field: "title", operator: "not_contains", value: "chief" }, false],
      [{ field: "source", operator: "in", value: ["web", "api"] }, true],
      [{ field: "source", operator: "not_in", value: ["api"] }, false],
      [{ field: "phone", operator: "exists" }, false],
      [{ field: "phone", operator: "not_exists" }, true],
      [{ field: "email", operator: "regex", value: "^ana@" }, true],
      [{ field: "campaign_id", operator: "exists" }, false],
    ];
    for (const [condition, matches] of cases) {
      const created = await rule(sim, id, { name: "only", workflow_id: sim.seed.pausedWorkflowId, conditions: [condition] });
      const routed = await call(sim, "POST", `/processors/${id}/leads`, {
        first_name: "Ana",
        email: "ana@x.com",
        title: "Chief of staff",
        score: 10,
      });
      expect(routed.body.routing.rule_id !== null, JSON.stringify(condition)).toBe(matches);
      await call(sim, "DELETE", `/processors/${id}/rules/${created.body.rule.id}`);
    }
  });
});
