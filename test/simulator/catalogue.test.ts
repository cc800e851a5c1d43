// Conversions (currency and workflow ids from the type; filters, newest first, limit/offset/total), conversion types
// (active only), master workflows, templates (status/category filters) and messages.
import { describe, expect } from "vitest";
import type { Simulator } from "../../simulator/index.js";
import { call, test } from "./fixture.js";

const convert = (sim: Simulator, body: Record<string, unknown> = {}) =>
  call(sim, "POST", "/conversions", { conversion_type_id: sim.seed.conversionTypeIds[0], lead_id: sim.seed.leadId, amount: 100, ...body });

describe("simulator: conversions, types, master workflows, templates, messages", () => {
  test("conversion: conversion_type_id, lead_id and amount are required; currency and workflow ids come from the type", async ({ sim }) => {
    expect((await convert(sim, { amount: undefined })).status).toBe(400);
    expect((await convert(sim, { amount: "100" })).status).toBe(400);
    expect((await convert(sim, { lead_id: undefined })).status).toBe(400);
    expect((await convert(sim, { lead_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a" })).status).toBe(404);
    const created = await convert(sim, { currency: "EUR", metadata: { meeting_kind: "demo", extra: 1 } });
    expect(created.status).toBe(201);
    expect(created.body.conversion_event).toMatchObject({
      amount: 100,
      currency: "USD",
      workflow_id: sim.seed.workflowId,
      master_workflow_id: sim.seed.masterWorkflowId,
      workflow_run_id: null,
      metadata: { meeting_kind: "demo", extra: 1 },
      conversion_types: { name: "Meeting held", fields: [{ key: "meeting_kind", label: "Meeting kind", type: "text" }] },
    });
  });

  test("conversions list: newest first, filters, limit (default 50, max 200), offset and total", async ({ sim }) => {
    for (let day = 1; day <= 5; day++) await convert(sim, { amount: day, converted_at: `2026-01-0${day}T00:00:00Z` });
    await convert(sim, { conversion_type_id: sim.seed.conversionTypeIds[1], amount: 9 });
    const page = await call(sim, "GET", `/conversions?conversion_type_id=${sim.seed.conversionTypeIds[0]}&limit=2&offset=1`);
    expect(page.body.total).toBe(5);
    expect(page.body.conversion_events.map((event: { amount: number }) => event.amount)).toEqual([4, 3]);
    expect(page.body.conversion_events[0].conversion_types).toMatchObject({ name: "Meeting held", category: "intermediary" });
    expect((await call(sim, "GET", "/conversions")).body.total).toBe(6);
    expect((await call(sim, "GET", `/conversions?master_workflow_id=${sim.seed.masterWorkflowId}`)).body.total).toBe(6);
    expect((await call(sim, "GET", `/conversions?workflow_id=${sim.seed.workflowId}`)).body.total).toBe(5);
    for (const bad of ["limit=201", "limit=0", "offset=x", "lead_id=abc"])
      expect((await call(sim, "GET", `/conversions?${bad}`)).status, bad).toBe(400);
  });

  test("conversion types: the active ones only", async ({ sim }) => {
    const types = (await call(sim, "GET", "/conversion-types")).body.conversion_types;
    expect(types.map((type: { id: string }) => type.id)).toEqual(
      sim.seed.conversionTypeIds.filter((id) => id !== sim.seed.inactiveConversionTypeId),
    );
    expect(types[0]).toMatchObject({ category: "intermediary", currency: "USD", fields: [{ key: "meeting_kind" }] });
  });

  test("master workflow patch: optional name, description (nullable), is_active; unknown is 404", async ({ sim }) => {
    const patched = await call(sim, "PATCH", `/master-workflows/${sim.seed.masterWorkflowId}`, { description: null, is_active: false });
    expect(patched.body.master_workflow).toMatchObject({
      id: sim.seed.masterWorkflowId,
      description: null,
      is_active: false,
      updated_at: expect.any(String),
    });
    expect((await call(sim, "PATCH", `/master-workflows/${sim.seed.masterWorkflowId}`, { is_active: "no" })).status).toBe(400);
    expect((await call(sim, "PATCH", "/master-workflows/3c90c3cc-0d44-4b50-8888-8dd25736052a", {})).status).toBe(404);
  });

  test("templates: filtered by status and category", async ({ sim }) => {
    expect((await call(sim, "GET", "/templates")).body.templates).toHaveLength(3);
    const approved = (await call(sim, "GET", "/templates?status=APPROVED&category=UTILITY")).body.templates;
    expect(approved.map((template: { name: string }) => template.name)).toEqual(["meeting_global_with_name"]);
    expect(approved[0].variables).toHaveLength(5);
    expect((await call(sim, "GET", "/templates?status=approved")).status).toBe(400);
  });

  test("messages: channel rules (whatsapp content or template, email content or html) and the per-channel answer", async ({ sim }) => {
    const base = { lead_id: sim.seed.leadId, workflow_id: sim.seed.workflowId };
    expect((await call(sim, "POST", "/messages", { ...base, content: "hi" })).body.message).toBe("channel is required");
    expect((await call(sim, "POST", "/messages", { ...base, channel: "whatsapp" })).status).toBe(400);
    expect((await call(sim, "POST", "/messages", { ...base, channel: "email", subject: "s" })).status).toBe(400);
    const text = await call(sim, "POST", "/messages", { ...base, channel: "whatsapp", content: "hi" });
    expect(text.body).toMatchObject({
      success: true,
      channel: "whatsapp",
      type: "text",
      provider_message_id: expect.stringMatching(/^wamid\./),
    });
    const template = await call(sim, "POST", "/messages", {
      ...base,
      channel: "whatsapp",
      template_id: sim.seed.templateIds[0],
      components: [{ type: "BODY", parameters: [] }],
    });
    expect(template.body.type).toBe("template");
    expect((await call(sim, "POST", "/messages", { ...base, channel: "email", html: "<b>hi</b>" })).body.activity_id).toEqual(
      expect.any(String),
    );
    expect((await call(sim, "POST", "/messages", { ...base, channel: "call" })).body).toMatchObject({
      call_id: expect.any(String),
      call_status: "registered",
    });
    const noEmail = (await call(sim, "POST", "/leads", { first_name: "NoEmail" })).body.lead.id;
    expect((await call(sim, "POST", "/messages", { ...base, lead_id: noEmail, channel: "email", content: "x" })).status).toBe(400);
  });
});
