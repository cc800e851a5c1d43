// What a judge reads: every write recorded (a read or a refusal records none), a deep snapshot to compare, and the
// validationOrder start option deciding 400 or 404 for a request with both a bad body and an unknown id.
import { describe, expect } from "vitest";
import { startSimulator } from "../../simulator/index.js";
import { call, test } from "./fixture.js";

const UNKNOWN = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

describe("simulator: state and accounting", () => {
  test("reads, refusals and idempotent no-ops record no write; a change records one", async ({ sim }) => {
    await call(sim, "GET", `/leads/${sim.seed.leadId}`);
    await call(sim, "GET", "/tags");
    await call(sim, "POST", "/leads", { last_name: "invalid" });
    await call(sim, "POST", `/leads/${sim.seed.leadId}/automation/resume`, { workflow_id: sim.seed.workflowId });
    expect(sim.writes).toEqual([]);
    await call(sim, "POST", "/tags", { name: "T", slug: "t" });
    expect(sim.writes).toEqual([{ operation: "createTag", method: "POST", path: "/api/public/tags", status: 201, at: expect.any(String) }]);
  });

  test("state() is a deep copy: left as found compares equal, a change does not, and mutating the copy changes nothing", async ({
    sim,
  }) => {
    const before = sim.state();
    await call(sim, "GET", `/leads/${sim.seed.leadId}/history`);
    expect(sim.state()).toEqual(before);
    const copy = sim.state();
    (copy.leads as Record<string, { first_name: string }>)[sim.seed.leadId]!.first_name = "Mutated";
    expect(sim.state()).toEqual(before);
    const tag = await call(sim, "POST", "/tags", { name: "T", slug: "t" });
    expect(sim.state()).not.toEqual(before);
    // Created then deleted: the account is as it was found.
    await call(sim, "DELETE", `/tags/${tag.body.data.id}`);
    expect(sim.state()).toEqual(before);
  });

  test("reset() puts the account back as seeded, same ids, and clears the writes", async ({ sim }) => {
    const seeded = sim.state();
    await call(sim, "POST", "/leads", { first_name: "Ana" });
    await call(sim, "PATCH", `/leads/${sim.seed.leadId}`, { first_name: "Changed" });
    sim.reset();
    expect(sim.writes).toEqual([]);
    expect(sim.state()).toEqual(seeded);
    expect((await call(sim, "GET", `/leads/${sim.seed.leadId}`)).body.lead.first_name).toBe("Test");
  });

  test("validationOrder body-first: a bad body on an unknown lead is 400", async ({ start }) => {
    const sim = await start({ validationOrder: "body-first" });
    expect((await call(sim, "POST", `/leads/${UNKNOWN}/status`, {})).status).toBe(400);
    expect((await call(sim, "PUT", `/processors/${UNKNOWN}/rules/reorder`, { rule_ids: [] })).status).toBe(400);
  });

  test("validationOrder ids-first: a bad body on an unknown lead is 404", async ({ start }) => {
    const sim = await start({ validationOrder: "ids-first" });
    expect((await call(sim, "POST", `/leads/${UNKNOWN}/status`, {})).status).toBe(404);
    expect((await call(sim, "PUT", `/processors/${UNKNOWN}/rules/reorder`, { rule_ids: [] })).status).toBe(404);
  });

  test("a refused option rejects with one line naming it", async () => {
    await expect(startSimulator({ apiKey: "sk_live_x" })).rejects.toThrow(/^apiKey must start with nxr_live_/);
    await expect(startSimulator({ validationOrder: "sideways" as never })).rejects.toThrow(/validationOrder/);
    await expect(startSimulator({ breaks: ["no-such-mode"] })).rejects.toThrow(/unknown break "no-such-mode"/);
    await expect(startSimulator({ breaks: ["accepts-invalid:noSuchOperation"] })).rejects.toThrow(/unknown operation/);
  });

  test("serves all 38 documented operations, named as the contract names them (so a mode can be limited to one)", async () => {
    const { operationNames } = await import("../../simulator/index.js");
    // Only the names are compared: the simulator's rules never read the spec.
    const { spec } = await import("../../contract-tests/support/spec.js");
    const contract = Object.values(spec.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).flatMap((op) => (op?.operationId ? [op.operationId] : [])),
    );
    expect(new Set(operationNames).size).toBe(38);
    expect([...operationNames].sort()).toEqual(contract.sort());
  });
});
