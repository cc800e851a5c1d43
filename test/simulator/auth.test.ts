// Authentication and the error envelopes: every request carries X-API-Key; a missing and an invalid key have their own
// 401 bodies; refusals use {error, message} (validation, not found) or {error} alone (tags, automation).
import { describe, expect } from "vitest";
import { call, test } from "./fixture.js";

describe("simulator: auth and envelopes", () => {
  test("a request without X-API-Key is 401 Missing API key", async ({ sim }) => {
    const answer = await call(sim, "GET", `/leads/${sim.seed.leadId}`, undefined, { key: null });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: "Missing API key", message: "Please provide your API key in the X-API-Key header" });
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  });

  test("a request with a key the account does not hold is 401 Invalid API key, on reads and writes alike", async ({ sim }) => {
    for (const [method, path, body] of [
      ["GET", "/tags", undefined],
      ["POST", "/leads", { first_name: "Ana" }],
    ] as const) {
      const answer = await call(sim, method, path, body, { key: "nxr_live_not_the_key" });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: "Invalid API key", message: "The provided API key is not valid" });
    }
    expect(sim.writes).toEqual([]);
  });

  test("a validation error is 400 {error, message}; a tag error is {error} alone", async ({ sim }) => {
    const processor = await call(sim, "POST", "/processors", { default_workflow_id: sim.seed.workflowId });
    expect(processor.status).toBe(400);
    expect(processor.body).toEqual({ error: "Validation error", message: "name is required" });
    const tag = await call(sim, "POST", "/tags", { slug: "x" });
    expect(tag.status).toBe(400);
    expect(tag.body).toEqual({ error: "Tag name is required" });
  });

  test("the API is served under /api/public; an unknown path is 404 and a known path's other method 405", async ({ sim }) => {
    const outside = await fetch(sim.baseUrl.replace("/api/public", "/leads"), { headers: { "x-api-key": sim.apiKey } });
    expect(outside.status).toBe(404);
    expect((await call(sim, "GET", "/workflows")).status).toBe(404);
    const wrong = await call(sim, "DELETE", "/leads/tags");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("PUT");
  });

  test("a body that is not JSON is 400 Validation error", async ({ sim }) => {
    const answer = await call(sim, "POST", "/tags", undefined, { raw: "{not json" });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("Validation error");
  });
});
