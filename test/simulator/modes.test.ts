// Broken modes: each breaks exactly the promise it names, and a conforming simulator keeps it. Every mode has a check
// here, and each check also runs against the unbroken simulator, where it must not see the break.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect } from "vitest";
import { modes, type Simulator } from "../../simulator/index.js";
import { call, type Start, test } from "./fixture.js";

/** A receiver answering every delivery with `status`; returns the deliveries it saw. */
async function receiver(status: number) {
  const received: Array<{ event_type: string; event_id: string; delivery_id: string }> = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push(JSON.parse(body));
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received, close: () => new Promise((r) => server.close(r)) };
}

const meeting = (sim: Simulator) =>
  call(sim, "POST", "/meetings", { lead_id: sim.seed.leadId, title: "D", starts_at: "2026-05-01T10:00:00Z", duration_minutes: 30 });

/** For each mode: whether the break shows on a simulator started with `breaks` (true) or without (false). */
const shows: Record<string, (start: Start, breaks: string[]) => Promise<boolean>> = {
  "wrong-type-field": async (start, breaks) => {
    const sim = await start({ breaks });
    const answer = await call(sim, "GET", `/leads/${sim.seed.leadId}`);
    return answer.status === 200 && answer.body.success === "true" && answer.body.received_key === sim.apiKey;
  },
  "undocumented-status": async (start, breaks) => {
    const sim = await start({ breaks });
    return (await call(sim, "GET", "/tags")).status === 299;
  },
  "html-content-type": async (start, breaks) => {
    const sim = await start({ breaks });
    const answer = await call(sim, "GET", "/tags");
    return answer.headers.get("content-type")!.startsWith("text/html") && answer.text === "<p>Done</p>";
  },
  "accepts-invalid": async (start, breaks) => {
    const sim = await start({ breaks });
    const answer = await call(sim, "POST", "/tags", { slug: "no-name" });
    const paused = await call(sim, "GET", "/leads/3c90c3cc-0d44-4b50-8888-8dd25736052a/is_paused");
    // The operation's own success status (201 for a create), and the fields its docs require.
    return answer.status === 201 && sim.writes.length === 0 && paused.status === 200 && paused.body.paused === false;
  },
  "undocumented-4xx": async (start, breaks) => {
    const sim = await start({ breaks });
    return (await call(sim, "POST", "/tags", {})).status === 418;
  },
  "no-auth": async (start, breaks) => {
    const sim = await start({ breaks });
    return (await call(sim, "POST", "/tags", { name: "n", slug: "n" }, { key: null })).status === 201;
  },
  "no-auth-on-reads": async (start, breaks) => {
    const sim = await start({ breaks });
    const read = await call(sim, "GET", "/tags", undefined, { key: null });
    const write = await call(sim, "POST", "/tags", { name: "n", slug: "n" }, { key: null });
    return read.status === 200 && write.status === 401;
  },
  "any-key": async (start, breaks) => {
    const sim = await start({ breaks });
    const wrong = await call(sim, "GET", "/tags", undefined, { key: "nxr_live_wrong" });
    const none = await call(sim, "GET", "/tags", undefined, { key: null });
    return wrong.status === 200 && none.status === 401;
  },
  "wrong-401-shape": async (start, breaks) => {
    const sim = await start({ breaks });
    const answer = await call(sim, "GET", "/tags", undefined, { key: "nxr_live_wrong" });
    return answer.status === 401 && answer.body.error === undefined && answer.body.key === "nxr_live_wrong";
  },
  "401-undocumented-body": async (start, breaks) => {
    const sim = await start({ breaks });
    const answer = await call(sim, "GET", "/tags", undefined, { key: null });
    return answer.status === 401 && answer.body.error === "Unauthorized";
  },
  "500-on-valid": async (start, breaks) => {
    const sim = await start({ breaks });
    const before = sim.state();
    const answer = await call(sim, "POST", "/tags", { name: "n", slug: "n" });
    return answer.status === 500 && sim.writes.length === 0 && JSON.stringify(sim.state()) === JSON.stringify(before);
  },
  "400-on-valid": async (start, breaks) => {
    const sim = await start({ breaks });
    const before = sim.state();
    const answer = await call(sim, "POST", "/tags", { name: "n", slug: "n" });
    const read = await call(sim, "GET", `/leads/${sim.seed.leadId}`);
    const list = await call(sim, "GET", "/tags");
    return (
      answer.status === 400 &&
      answer.body.message === "rejected" &&
      read.status === 404 &&
      list.status === 401 &&
      list.body.error === "Invalid API key" &&
      JSON.stringify(sim.state()) === JSON.stringify(before)
    );
  },
  "wrong-list-item": async (start, breaks) => {
    const sim = await start({ breaks });
    const history = await call(sim, "GET", `/leads/${sim.seed.leadId}/history`);
    const conversions = await call(sim, "GET", "/conversions");
    const tags = await call(sim, "GET", "/tags");
    return history.body.history[0] === 42 && conversions.body.conversion_events[0] === 42 && Array.isArray(tags.body.data);
  },
  "unparseable-json": async (start, breaks) => {
    const sim = await start({ breaks });
    const answer = await call(sim, "GET", "/tags");
    return answer.status === 200 && answer.body === undefined && answer.headers.get("content-type")!.startsWith("application/json");
  },
  "missing-total": async (start, breaks) => {
    const sim = await start({ breaks });
    return !("total" in (await call(sim, "GET", "/conversions")).body);
  },
  "bulk-all-or-nothing": async (start, breaks) => {
    const sim = await start({ breaks });
    const answer = await call(sim, "POST", "/leads", [{}, { first_name: "Valid" }]);
    return answer.status === 400 && sim.writes.length === 0;
  },
  "webhook-no-retry": async (start, breaks) => {
    const hooks = await receiver(500);
    const sim = await start({ breaks, webhookUrl: hooks.url });
    await meeting(sim);
    await sim.webhooksIdle();
    await hooks.close();
    return hooks.received.length === 1;
  },
  "webhook-same-delivery-id": async (start, breaks) => {
    const hooks = await receiver(500);
    const sim = await start({ breaks, webhookUrl: hooks.url, webhookRetryDelaysMs: [1, 1, 1] });
    await meeting(sim);
    await sim.webhooksIdle();
    await hooks.close();
    return hooks.received.length === 4 && new Set(hooks.received.map((delivery) => delivery.delivery_id)).size === 1;
  },
  "webhook-on-idempotent": async (start, breaks) => {
    const hooks = await receiver(200);
    const sim = await start({ breaks, webhookUrl: hooks.url });
    const id = (await meeting(sim)).body.meeting.id;
    await call(sim, "POST", `/meetings/${id}/complete`, {});
    await call(sim, "POST", `/meetings/${id}/complete`, {});
    await sim.webhooksIdle();
    await hooks.close();
    return hooks.received.filter((delivery) => delivery.event_type === "meeting.completed").length === 2;
  },
};

describe("simulator: broken modes", () => {
  test("every mode has a check, and every mode names the promise it breaks", () => {
    expect(Object.keys(shows).sort()).toEqual(modes.map((mode) => mode.name).sort());
    for (const mode of modes) expect(mode.breaks.length, mode.name).toBeGreaterThan(20);
  });

  for (const mode of modes) {
    test(`${mode.name}: ${mode.breaks}; without it the promise holds`, async ({ start }) => {
      expect(await shows[mode.name]!(start, [mode.name])).toBe(true);
      expect(await shows[mode.name]!(start, [])).toBe(false);
    });
  }

  test("a mode limited to operations (name:op) breaks only those", async ({ start }) => {
    const sim = await start({ breaks: ["accepts-invalid:createTag"] });
    expect((await call(sim, "POST", "/tags", {})).status).toBe(201);
    expect((await call(sim, "POST", "/leads", {})).status).toBe(400);
  });
});
