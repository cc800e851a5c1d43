// Webhooks: the documented events in the documented envelope, retried up to 3 times on a non-2xx with a fresh
// delivery_id and the same event_id, and none for an idempotent re-mark.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect } from "vitest";
import { call, test } from "./fixture.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Delivery {
  event_type: string;
  event_id: string;
  delivery_id: string;
  // biome-ignore lint/suspicious/noExplicitAny: the delivery's data is read field by field in the tests.
  data: any;
  [key: string]: unknown;
}

/** A receiver on loopback that answers each delivery with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Delivery[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push(JSON.parse(body) as Delivery);
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("simulator: webhooks", () => {
  test("meeting.scheduled arrives in the documented envelope with the meeting's data", async ({ start }) => {
    const hooks = await receiver();
    const sim = await start({ webhookUrl: hooks.url });
    await call(sim, "POST", "/meetings", {
      lead_email: sim.seed.leadEmail,
      title: "Demo",
      starts_at: "2026-05-01T10:00:00Z",
      duration_minutes: 30,
      meeting_type_id: sim.seed.meetingTypeId,
    });
    await sim.webhooksIdle();
    await hooks.close();
    expect(hooks.received).toHaveLength(1);
    const [delivery] = hooks.received;
    expect(delivery).toEqual({
      event_type: "meeting.scheduled",
      event_id: expect.stringMatching(UUID),
      webhook_id: expect.stringMatching(UUID),
      delivery_id: expect.stringMatching(UUID),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      client_id: sim.seed.clientId,
      test: false,
      data: expect.any(Object),
    });
    expect(Object.keys(delivery!.data.meeting).sort()).toEqual(
      [
        "id",
        "title",
        "starts_at",
        "ends_at",
        "duration_minutes",
        "timezone",
        "location_type",
        "location_details",
        "meeting_url",
        "status",
        "source",
        "attendee_name",
        "attendee_email",
        "attendee_phone",
        "confirmed_by_lead",
        "cancelled_at",
        "cancellation_reason",
        "outcome_notes",
        "outcome_at",
        "no_show_reason",
      ].sort(),
    );
    expect(delivery!.data.lead).toEqual({
      id: sim.seed.leadId,
      first_name: "Test",
      last_name: "Lead",
      email: sim.seed.leadEmail,
      phone: expect.any(String),
      company: "Example Co",
      source: "api",
    });
    expect(delivery!.data.host).toMatchObject({ email: sim.seed.hostEmail });
    expect(delivery!.data.meeting_type).toEqual({ id: sim.seed.meetingTypeId, name: "Discovery call" });
    expect(delivery!.data.workflow).toEqual({ id: sim.seed.workflowId, name: "Inbound qualification" });
  });

  test("every documented event: confirmed, cancelled, completed, no_show and workflow_run.status_changed", async ({ start }) => {
    const hooks = await receiver();
    const sim = await start({ webhookUrl: hooks.url });
    const body = { lead_id: sim.seed.leadId, title: "D", starts_at: "2026-05-01T10:00:00Z", duration_minutes: 30 };
    await call(sim, "POST", "/meetings", { ...body, external_calendar_provider: "calendly", external_event_id: "c-1" });
    await call(sim, "POST", "/meetings", {
      ...body,
      external_calendar_provider: "calendly",
      external_event_id: "c-1",
      status: "confirmed",
    });
    const ids = [];
    for (let index = 0; index < 3; index++) ids.push((await call(sim, "POST", "/meetings", body)).body.meeting.id);
    await call(sim, "POST", `/meetings/${ids[0]}/cancel`, { reason: "r" });
    await call(sim, "POST", `/meetings/${ids[1]}/complete`, {});
    await call(sim, "POST", `/meetings/${ids[2]}/no-show`, {});
    await call(sim, "POST", `/leads/${sim.seed.leadId}/status`, { status_key: "qualified" });
    await sim.webhooksIdle();
    await hooks.close();
    const types = hooks.received.map((delivery) => delivery.event_type);
    expect(types.filter((type) => type !== "meeting.scheduled")).toEqual([
      "meeting.confirmed",
      "meeting.cancelled",
      "meeting.completed",
      "meeting.no_show",
      "workflow_run.status_changed",
    ]);
    const cancelled = hooks.received.find((delivery) => delivery.event_type === "meeting.cancelled")!;
    expect(cancelled.data.meeting).toMatchObject({ id: ids[0], status: "cancelled", cancellation_reason: "r" });
    const changed = hooks.received.at(-1)!;
    expect(changed.data).toMatchObject({ previous_status: "new", new_status: "qualified", workflow: { id: sim.seed.workflowId } });
  });

  test("a non-2xx is retried up to 3 times, each attempt a fresh delivery_id with the same event_id", async ({ start }) => {
    const hooks = await receiver([500, 503, 404, 500]);
    const sim = await start({ webhookUrl: hooks.url });
    await call(sim, "POST", "/meetings", { lead_id: sim.seed.leadId, title: "D", starts_at: "2026-05-01T10:00:00Z", duration_minutes: 30 });
    await sim.webhooksIdle();
    await hooks.close();
    expect(hooks.received).toHaveLength(4);
    expect(new Set(hooks.received.map((delivery) => delivery.event_id)).size).toBe(1);
    expect(new Set(hooks.received.map((delivery) => delivery.delivery_id)).size).toBe(4);
    expect(sim.deliveries.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 404],
      [4, 500],
    ]);
  });

  test("a delivery that succeeds on a retry is not sent again", async ({ start }) => {
    const hooks = await receiver([500]);
    const sim = await start({ webhookUrl: hooks.url });
    await call(sim, "POST", "/meetings", { lead_id: sim.seed.leadId, title: "D", starts_at: "2026-05-01T10:00:00Z", duration_minutes: 30 });
    await sim.webhooksIdle();
    await hooks.close();
    expect(sim.deliveries.map((attempt) => attempt.status)).toEqual([500, 200]);
  });

  test("re-marking an outcome (idempotent) fires no duplicate webhook", async ({ start }) => {
    const hooks = await receiver();
    const sim = await start({ webhookUrl: hooks.url });
    const id = (
      await call(sim, "POST", "/meetings", {
        lead_id: sim.seed.leadId,
        title: "D",
        starts_at: "2026-05-01T10:00:00Z",
        duration_minutes: 30,
      })
    ).body.meeting.id;
    await call(sim, "POST", `/meetings/${id}/no-show`, {});
    await call(sim, "POST", `/meetings/${id}/no-show`, {});
    await sim.webhooksIdle();
    await hooks.close();
    expect(hooks.received.map((delivery) => delivery.event_type)).toEqual(["meeting.scheduled", "meeting.no_show"]);
  });

  test("deliveries stay on loopback: another host is refused, and a redirect is not followed", async ({ start }) => {
    await expect(start({ webhookUrl: "https://hooks.example.com/nexor" })).rejects.toThrow(/^webhookUrl must be on loopback/);
    const elsewhere = await receiver();
    let redirected = 0;
    const bouncer = createServer((request, response) => {
      redirected += 1;
      request.resume();
      response.writeHead(307, { location: elsewhere.url }).end();
    });
    await new Promise<void>((resolve) => bouncer.listen(0, "127.0.0.1", resolve));
    const sim = await start({
      webhookUrl: `http://127.0.0.1:${(bouncer.address() as AddressInfo).port}/hooks`,
      webhookRetryDelaysMs: [0, 0, 0],
    });
    await call(sim, "POST", "/meetings", { lead_id: sim.seed.leadId, title: "D", starts_at: "2026-05-01T10:00:00Z", duration_minutes: 30 });
    await sim.webhooksIdle();
    await new Promise<void>((resolve) => bouncer.close(() => resolve()));
    await elsewhere.close();
    // A 307 is a non-2xx answer: retried like any other, never carried to the Location.
    expect(redirected).toBe(4);
    expect(elsewhere.received).toEqual([]);
  });
});
