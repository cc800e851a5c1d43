// Compile-time tests of the resource methods: path ids are strings, bodies and queries are checked against the spec,
// results are the spec's named types and narrow, paged lists are both a page and an async iterable of their items.
import { describe, expectTypeOf, test } from "vitest";
// PagePromise is not exported from the package's entry point; the generated methods name it from here.
import type { PagePromise } from "../../src/core/api-promise.js";
import type {
  AddLeadTagsResult,
  AssignLeadWorkflowResult,
  CancelMeetingResult,
  CreateConversionResult,
  CreateLeadsBody,
  CreateLeadsResult,
  CreateMeetingNotesResult,
  CreateMeetingResult,
  CreateProcessorRuleResult,
  CreateTagResult,
  components,
  DeleteProcessorRuleResult,
  GetLeadHistoryItem,
  GetLeadHistoryResult,
  GetLeadResult,
  GetProcessorResult,
  IsLeadPausedResult,
  ListConversionsItem,
  ListConversionsResult,
  ListConversionTypesResult,
  ListLeadTagsResult,
  ListTemplatesResult,
  MessageSent,
  NexorClient,
  RouteLeadsResult,
  SyncLeadTagsResult,
  UpdateMasterWorkflowResult,
  UpdateTagResult,
} from "../../src/index.js";

declare const nexor: NexorClient;
const lead = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const workflow = "5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11";
const tag = "8f01fb18-80ec-433a-940d-881d1e74bee6";
const processor = "81227ee0-19d1-491c-9509-9887a5876dcd";
const rule = "10625f94-c0ab-4b47-a421-c580fae1cd1f";
const meeting = "3a785c18-b2d7-4122-8e1e-787d49f26d7b";
const conversionType = "b97c4c66-7f59-4a83-af7e-5e6789eeea62";

describe("templates", () => {
  test("list takes the spec's enums and resolves ListTemplatesResult", async () => {
    expectTypeOf(await nexor.templates.list({ status: "APPROVED" })).toEqualTypeOf<ListTemplatesResult>();
    expectTypeOf(await nexor.templates.list()).toEqualTypeOf<ListTemplatesResult>();
    // @ts-expect-error "PAUSED" is not a status the filter takes
    await nexor.templates.list({ status: "PAUSED" });
    // @ts-expect-error categories are upper case
    await nexor.templates.list({ category: "marketing" });
  });
});

describe("leads", () => {
  test("ids are strings", async () => {
    expectTypeOf(await nexor.leads.get(lead)).toEqualTypeOf<GetLeadResult>();
    // @ts-expect-error a lead id is a string
    await nexor.leads.get(42);
    // @ts-expect-error a lead id is a string
    await nexor.leads.isPaused(42, { workflow_id: workflow });
  });

  test("get reads the lead from .lead whichever documented shape came (x-nexor-envelope)", async () => {
    const found = await nexor.leads.get(lead);
    expectTypeOf(found.lead).toEqualTypeOf<
      NonNullable<components["schemas"]["LeadEnvelope"]["lead"]> | components["schemas"]["LeadProfile"]
    >();
    // The fields both shapes share read without narrowing; the variables only the API reference's shape carries.
    const firstName: string | undefined = found.lead.first_name;
    expectTypeOf(found.variables).toEqualTypeOf<components["schemas"]["LeadEnvelope"]["variables"]>();
    // Each shape's own fields narrow with `in`.
    if ("activeWorkflowRun" in found.lead && "currentStatus" in found.lead) expectTypeOf(found.lead.currentStatus).not.toBeAny();
    // @ts-expect-error the guide's camelCase currentStatus is not on the API reference's lead without narrowing
    found.lead.currentStatus;
    void firstName;
  });

  test("create answers one lead with the one-lead answer and an array with the bulk answer, no cast", async () => {
    const created = await nexor.leads.create({ first_name: "Ana" });
    expectTypeOf(created).toEqualTypeOf<components["schemas"]["CreateLeadResponse"]>();
    const id: string = (await nexor.leads.create({ first_name: "Ana" })).lead.id;
    const success: boolean = created.success;
    expectTypeOf(created.workflow_run).toEqualTypeOf<components["schemas"]["CreatedWorkflowRun"] | undefined>();
    const bulk = await nexor.leads.create([{ first_name: "John" }, { first_name: "Jane", workflow_id: workflow }]);
    expectTypeOf(bulk).toEqualTypeOf<components["schemas"]["BulkCreateLeadsResponse"]>();
    // @ts-expect-error the bulk answer is not documented: it has no lead to read without checking
    bulk.lead;
    // A caller holding either body gets either answer.
    const either = [{ first_name: "John" }] as CreateLeadsBody;
    expectTypeOf(await nexor.leads.create(either)).toEqualTypeOf<CreateLeadsResult>();
    void id;
    void success;
    // @ts-expect-error first_name is required
    await nexor.leads.create({ last_name: "Doe" });
    // @ts-expect-error first_name is a string
    await nexor.leads.create([{ first_name: 1 }]);
  });

  test("history is awaitable to its page and iterable over its items, its query checked", async () => {
    const history = nexor.leads.history(lead, { channel: ["call", "email"], limit: 20 });
    expectTypeOf(history).toEqualTypeOf<PagePromise<GetLeadHistoryResult, GetLeadHistoryItem>>();
    expectTypeOf(await nexor.leads.history(lead)).toEqualTypeOf<GetLeadHistoryResult>();
    expectTypeOf(nexor.leads.history(lead)).toExtend<AsyncIterable<GetLeadHistoryItem>>();
    for await (const item of nexor.leads.history(lead)) expectTypeOf(item).toEqualTypeOf<GetLeadHistoryItem>();
    // @ts-expect-error limit is a number
    nexor.leads.history(lead, { limit: "20" });
    // @ts-expect-error "sms" is not a history channel
    nexor.leads.history(lead, { channel: ["sms"] });
  });

  test("bodies of the lead actions are checked", async () => {
    expectTypeOf(await nexor.leads.isPaused(lead)).toEqualTypeOf<IsLeadPausedResult>();
    expectTypeOf(await nexor.leads.assignWorkflow(lead, { workflowId: workflow })).toEqualTypeOf<AssignLeadWorkflowResult>();
    // @ts-expect-error workflowId is required (camelCase, as documented)
    await nexor.leads.assignWorkflow(lead, { workflow_id: workflow });
    // @ts-expect-error status_key is required
    await nexor.leads.setStatus(lead, { reason: "Qualified" });
    // @ts-expect-error stopAutomation needs its body
    await nexor.leads.stopAutomation(lead);
  });
});

describe("lead tags", () => {
  test("add takes tagId or tagIds, and the lead id as a string", async () => {
    expectTypeOf(await nexor.leads.tags.add(lead, { tagId: tag })).toEqualTypeOf<AddLeadTagsResult>();
    expectTypeOf(await nexor.leads.tags.list(lead)).toEqualTypeOf<ListLeadTagsResult>();
    // @ts-expect-error a lead id is a string
    await nexor.leads.tags.add(1, { tagId: tag });
    // @ts-expect-error tagIds is an array
    await nexor.leads.tags.add(lead, { tagIds: tag });
  });

  test("sync requires tags", async () => {
    expectTypeOf(await nexor.leads.tags.sync({ lead_id: lead, tags: ["Hot lead"] })).toEqualTypeOf<SyncLeadTagsResult>();
    // @ts-expect-error tags is required
    await nexor.leads.tags.sync({ lead_id: lead });
  });
});

describe("tags", () => {
  test("create and update resolve the spec's types, their bodies checked", async () => {
    expectTypeOf(await nexor.tags.create({ name: "Hot lead", slug: "hot-lead" })).toEqualTypeOf<CreateTagResult>();
    expectTypeOf(await nexor.tags.update(tag, { name: "Very hot lead" })).toEqualTypeOf<UpdateTagResult>();
    // @ts-expect-error name is required
    await nexor.tags.create({ slug: "hot-lead" });
    // @ts-expect-error name is a string
    await nexor.tags.create({ name: 1, slug: "hot-lead" });
    // @ts-expect-error a tag id is a string
    await nexor.tags.delete(7);
  });
});

describe("processors and rules", () => {
  test("ids are strings, in the order of the path", async () => {
    expectTypeOf(await nexor.processors.get(processor)).toEqualTypeOf<GetProcessorResult>();
    expectTypeOf(await nexor.processors.rules.delete(processor, rule)).toEqualTypeOf<DeleteProcessorRuleResult>();
    // @ts-expect-error the rule id is a string
    await nexor.processors.rules.delete(processor, 2);
    // @ts-expect-error delete takes the processor id and the rule id
    await nexor.processors.rules.delete(rule);
  });

  test("bodies are checked", async () => {
    const condition = { field: "email", operator: "exists" } as const;
    const created = await nexor.processors.rules.create(processor, { name: "Any email", workflow_id: workflow, conditions: [condition] });
    expectTypeOf(created).toEqualTypeOf<CreateProcessorRuleResult>();
    expectTypeOf(await nexor.processors.routeLeads(processor, [{ first_name: "María" }])).toEqualTypeOf<RouteLeadsResult>();
    // @ts-expect-error default_workflow_id is required
    await nexor.processors.create({ name: "Inbound router" });
    // @ts-expect-error "like" is not an operator
    await nexor.processors.rules.update(processor, rule, { conditions: [{ field: "email", operator: "like" }] });
    // @ts-expect-error rule_ids is an array of ids
    await nexor.processors.rules.reorder(processor, { rule_ids: rule });
  });
});

describe("meetings and meeting notes", () => {
  test("the outcomes compile without a body, and their ids are strings", async () => {
    expectTypeOf(await nexor.meetings.cancel(meeting)).toEqualTypeOf<CancelMeetingResult>();
    await nexor.meetings.complete(meeting);
    await nexor.meetings.noShow(meeting, { reason: "lead_did_not_join" });
    // @ts-expect-error a meeting id is a string
    await nexor.meetings.cancel(3);
    // @ts-expect-error reason is a string
    await nexor.meetings.cancel(meeting, { reason: true });
  });

  test("create and the notes check their bodies", async () => {
    const demo = { lead_id: lead, title: "Demo", starts_at: "2026-04-10T15:00:00", duration_minutes: 30 };
    expectTypeOf(await nexor.meetings.create(demo)).toEqualTypeOf<CreateMeetingResult>();
    const notes = { calendar_event_id: meeting, summary: "Wants a proposal" };
    expectTypeOf(await nexor.meetingNotes.create(notes)).toEqualTypeOf<CreateMeetingNotesResult>();
    // @ts-expect-error title is required
    await nexor.meetings.create({ lead_id: lead, starts_at: "2026-04-10T15:00:00", duration_minutes: 30 });
    // @ts-expect-error duration_minutes is a number
    await nexor.meetings.create({ ...demo, duration_minutes: "30" });
  });
});

describe("conversions and conversion types", () => {
  test("list is a page of conversions and an async iterable of them, its query checked", async () => {
    expectTypeOf(nexor.conversions.list()).toEqualTypeOf<PagePromise<ListConversionsResult, ListConversionsItem>>();
    expectTypeOf(await nexor.conversions.list({ lead_id: lead, limit: 20 })).toEqualTypeOf<ListConversionsResult>();
    for await (const event of nexor.conversions.list()) expectTypeOf(event).toEqualTypeOf<ListConversionsItem>();
    // @ts-expect-error limit is a number
    nexor.conversions.list({ limit: "20" });
    // @ts-expect-error lead, not lead_id
    nexor.conversions.list({ lead: lead });
  });

  test("create requires its fields", async () => {
    const deal = { conversion_type_id: conversionType, lead_id: lead, amount: 1490.5 };
    expectTypeOf(await nexor.conversions.create(deal)).toEqualTypeOf<CreateConversionResult>();
    // @ts-expect-error amount is required
    await nexor.conversions.create({ conversion_type_id: conversionType, lead_id: lead });
    // @ts-expect-error amount is a number
    await nexor.conversions.create({ ...deal, amount: "1490.50" });
  });

  test("conversion types take no query", async () => {
    expectTypeOf(await nexor.conversionTypes.list()).toEqualTypeOf<ListConversionTypesResult>();
    // @ts-expect-error list takes only request options
    await nexor.conversionTypes.list({ limit: 10 });
  });
});

describe("master workflows", () => {
  test("update checks its id and body", async () => {
    expectTypeOf(await nexor.masterWorkflows.update(workflow, { is_active: false })).toEqualTypeOf<UpdateMasterWorkflowResult>();
    // @ts-expect-error is_active is a boolean
    await nexor.masterWorkflows.update(workflow, { is_active: "false" });
    // @ts-expect-error a master workflow id is a string
    await nexor.masterWorkflows.update(1, { is_active: false });
  });
});

describe("messages", () => {
  test("send still narrows its result on the channel", async () => {
    const sent = await nexor.messages.send({ lead_id: lead, workflow_id: workflow, channel: "call" });
    expectTypeOf(sent).toEqualTypeOf<MessageSent<"call">>();
    expectTypeOf(sent).not.toHaveProperty("provider_message_id");
  });
});

// Every method's result is an object type from the spec: `unknown` (or `any`) at the top of a result would mean a
// documented answer lost its shape. The undocumented answers (bulk create, route leads, create meeting, meeting
// notes) are open objects, not `unknown`.
// biome-ignore lint/suspicious/noExplicitAny: any function, to read its result.
type Fn = (...args: any[]) => unknown;
type Awaited2<T> = T extends PromiseLike<infer R> ? R : never;
type Results<T> = { [K in keyof T]: T[K] extends Fn ? Awaited2<ReturnType<T[K]>> : Results<T[K]> }[keyof T];
type IsTop<T> = unknown extends T ? true : 0 extends 1 & T ? true : false;

describe("every method", () => {
  test("resolves an object type, never unknown or any", () => {
    expectTypeOf<IsTop<Results<NexorClient>>>().toEqualTypeOf<false>();
    // The check can fail: a result of unknown is caught.
    expectTypeOf<IsTop<Results<{ a: { b: () => Promise<unknown> } }>>>().toEqualTypeOf<true>();
    expectTypeOf<IsTop<Results<{ a: { b: () => Promise<{ c: 1 }> } }>>>().toEqualTypeOf<false>();
  });
});
