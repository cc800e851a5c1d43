// Tags: sync a lead's full set by name (find-or-create by slug, [] clears, lead_id or email, lead_id wins), add by id
// (tagId xor tagIds, assigned ones skipped), the lead's tags, and tag CRUD with its 409 and the cascade on delete.
import { describe, expect } from "vitest";
import { call, test } from "./fixture.js";

describe("simulator: tags", () => {
  test("sync: unknown names are created (find-or-create by slug), tags not listed are removed, [] clears", async ({ sim }) => {
    const first = await call(sim, "PUT", "/leads/tags", { lead_id: sim.seed.leadId, tags: ["VIP", "Hot lead"] });
    expect(first.status).toBe(200);
    expect(first.body.tags.map((tag: { slug: string }) => tag.slug)).toEqual(["vip", "hot-lead"]);
    expect(first.body.added).toHaveLength(2);
    const vip = first.body.tags[0].id;
    // "vip" finds the tag by slug: no second tag.
    const second = await call(sim, "PUT", "/leads/tags", { lead_id: sim.seed.leadId, tags: ["vip", "Cold"] });
    expect(second.body.tags[0].id).toBe(vip);
    expect(second.body.removed).toEqual([first.body.tags[1].id]);
    expect((await call(sim, "GET", "/tags")).body.data).toHaveLength(3);
    const cleared = await call(sim, "PUT", "/leads/tags", { lead_id: sim.seed.leadId, tags: [] });
    expect(cleared.body).toMatchObject({ tags: [], added: [] });
    expect(cleared.body.removed).toHaveLength(2);
    expect((await call(sim, "GET", `/leads/${sim.seed.leadId}/tags`)).body).toEqual({ data: [] });
  });

  test("sync: the lead by email, case-insensitive, even nested; lead_id wins over email", async ({ sim }) => {
    const other = await call(sim, "POST", "/leads", { first_name: "Other", email: "other@example.com" });
    const byEmail = await call(sim, "PUT", "/leads/tags", { lead: { email: sim.seed.leadEmail.toUpperCase() }, tags: ["a"] });
    expect(byEmail.body.lead_id).toBe(sim.seed.leadId);
    const both = await call(sim, "PUT", "/leads/tags", { lead_id: other.body.lead.id, email: sim.seed.leadEmail, tags: ["b"] });
    expect(both.body.lead_id).toBe(other.body.lead.id);
    expect((await call(sim, "PUT", "/leads/tags", { email: "nobody@example.com", tags: [] })).status).toBe(404);
    expect((await call(sim, "PUT", "/leads/tags", { lead_id: sim.seed.leadId })).status).toBe(400);
  });

  test("add: tagId or tagIds, not both; tags already assigned are skipped; 201 {data}", async ({ sim }) => {
    const a = (await call(sim, "POST", "/tags", { name: "A", slug: "a" })).body.data.id;
    const b = (await call(sim, "POST", "/tags", { name: "B", slug: "b" })).body.data.id;
    const path = `/leads/${sim.seed.leadId}/tags`;
    expect((await call(sim, "POST", path, { tagId: a, tagIds: [b] })).status).toBe(400);
    expect((await call(sim, "POST", path, {})).status).toBe(400);
    const one = await call(sim, "POST", path, { tagId: a });
    expect(one.status).toBe(201);
    expect(one.body).toEqual({ data: [{ id: a, name: "A", slug: "a" }] });
    const writes = sim.writes.length;
    await call(sim, "POST", path, { tagIds: [a, b] });
    expect(sim.writes.length).toBe(writes + 1);
    await call(sim, "POST", path, { tagIds: [a, b] });
    expect(sim.writes.length).toBe(writes + 1);
    expect((await call(sim, "GET", path)).body.data.map((tag: { id: string }) => tag.id)).toEqual([a, b]);
  });

  test("CRUD: name and slug are required; a duplicate slug is 409; update and list with search", async ({ sim }) => {
    expect((await call(sim, "POST", "/tags", { name: "X" })).body).toEqual({ error: "Tag slug is required" });
    const created = await call(sim, "POST", "/tags", { name: "Hot", slug: "hot", description: "Ready to buy" });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body.data).sort()).toEqual(["created_at", "description", "id", "name", "slug"]);
    const duplicate = await call(sim, "POST", "/tags", { name: "Hot again", slug: "hot" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ error: "A tag with this slug already exists" });
    const cold = await call(sim, "POST", "/tags", { name: "Cold", slug: "cold" });
    expect((await call(sim, "PUT", `/tags/${cold.body.data.id}`, { slug: "hot" })).status).toBe(409);
    const renamed = await call(sim, "PUT", `/tags/${cold.body.data.id}`, { name: "Frozen" });
    expect(renamed.body.data).toMatchObject({ name: "Frozen", slug: "cold", updated_at: expect.any(String) });
    expect((await call(sim, "GET", "/tags?search=ready")).body.data.map((tag: { slug: string }) => tag.slug)).toEqual(["hot"]);
    expect((await call(sim, "PUT", "/tags/3c90c3cc-0d44-4b50-8888-8dd25736052a", { name: "Y" })).status).toBe(404);
  });

  test("delete: the removal cascades from every lead; an unknown tag is 404", async ({ sim }) => {
    const tag = (await call(sim, "POST", "/tags", { name: "Gone", slug: "gone" })).body.data.id;
    await call(sim, "POST", `/leads/${sim.seed.leadId}/tags`, { tagId: tag });
    expect((await call(sim, "DELETE", `/tags/${tag}`)).body).toEqual({ success: true });
    expect((await call(sim, "GET", `/leads/${sim.seed.leadId}/tags`)).body.data).toEqual([]);
    expect((await call(sim, "DELETE", `/tags/${tag}`)).status).toBe(404);
  });
});
