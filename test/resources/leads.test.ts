// leads: create (one or up to 1,000), get, update, the paged history, meetings, the human-takeover check, automation
// stop and resume, the status and the workflow. Creating, setting the status and assigning a workflow may reach the
// lead and are sent once; reads, the update and automation stop/resume are sent again after a 503.
import type { ServerResponse } from "node:http";
import { describe, expect } from "vitest";
import type {
  AssignLeadWorkflowBody,
  CreateLeadsBody,
  GetLeadHistoryItem,
  ResumeLeadAutomationBody,
  SetLeadStatusBody,
  StopLeadAutomationBody,
  UpdateLeadBody,
} from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused, requestExample, responseExample, uuid } from "../support/resources.js";

const single = requestExample<CreateLeadsBody>("createLeads", "single");
const bulk = requestExample<CreateLeadsBody>("createLeads", "bulk");
const update = requestExample<UpdateLeadBody>("updateLead", "update");
const stop = requestExample<StopLeadAutomationBody>("stopLeadAutomation", "stop");
const resume = requestExample<ResumeLeadAutomationBody>("resumeLeadAutomation", "resume");
const qualify = requestExample<SetLeadStatusBody>("setLeadStatus", "qualify");
const enroll = requestExample<AssignLeadWorkflowBody>("assignLeadWorkflow", "enroll");
const lead = `/leads/${uuid.lead}`;

describeMethod("createLeads", {
  method: (nexor) => nexor.leads.create,
  args: [single],
  sends: { method: "POST", path: "/leads", body: single },
  retried: false,
  contacts: ["lead"],
});

describeMethod("getLead", {
  method: (nexor) => nexor.leads.get,
  args: [uuid.lead],
  sends: { method: "GET", path: lead },
  retried: true,
  contacts: [],
});

describeMethod("updateLead", {
  method: (nexor) => nexor.leads.update,
  args: [uuid.lead, update],
  sends: { method: "PATCH", path: lead, body: update },
  retried: true,
  contacts: [],
});

describeMethod("getLeadHistory", {
  method: (nexor) => nexor.leads.history,
  args: [uuid.lead, { channel: ["call", "email"], limit: 20 }],
  sends: { method: "GET", path: `${lead}/history?channel=call,email&limit=20` },
  retried: true,
  contacts: [],
});

describeMethod("listLeadMeetings", {
  method: (nexor) => nexor.leads.meetings,
  args: [uuid.lead, { status: ["scheduled", "confirmed"] }],
  sends: { method: "GET", path: `${lead}/meetings?status=scheduled,confirmed` },
  retried: true,
  contacts: [],
});

describeMethod("isLeadPaused", {
  method: (nexor) => nexor.leads.isPaused,
  args: [uuid.lead, { workflow_id: uuid.workflow }],
  sends: { method: "GET", path: `${lead}/is_paused?workflow_id=${uuid.workflow}` },
  retried: true,
  contacts: [],
});

describeMethod("stopLeadAutomation", {
  method: (nexor) => nexor.leads.stopAutomation,
  args: [uuid.lead, stop],
  sends: { method: "POST", path: `${lead}/automation/stop`, body: stop },
  retried: true,
  contacts: [],
});

describeMethod("resumeLeadAutomation", {
  method: (nexor) => nexor.leads.resumeAutomation,
  args: [uuid.lead, resume],
  sends: { method: "POST", path: `${lead}/automation/resume`, body: resume },
  retried: true,
  contacts: ["lead"],
});

describeMethod("setLeadStatus", {
  method: (nexor) => nexor.leads.setStatus,
  args: [uuid.lead, qualify],
  sends: { method: "POST", path: `${lead}/status`, body: qualify },
  retried: false,
  contacts: ["lead"],
});

describeMethod("assignLeadWorkflow", {
  method: (nexor) => nexor.leads.assignWorkflow,
  args: [uuid.lead, enroll],
  sends: { method: "POST", path: `${lead}/assign-workflow`, body: enroll },
  retried: false,
  contacts: ["lead"],
});

describe.concurrent("leads.create", () => {
  test("sends an array of leads as given, once, and resolves the bulk answer", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 201, responseExample("createLeads", "2XX", "bulk")));
    await expect(clientOf(server).leads.create(bulk)).resolves.toEqual({ success: true });
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual(bulk);
  });

  // The spec types the undocumented bulk answer as any JSON object or array.
  test("resolves a bulk answer that is a JSON array, as the spec allows", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 201, [{ id: uuid.lead }]));
    await expect(clientOf(server).leads.create(bulk)).resolves.toEqual([{ id: uuid.lead }]);
  });

  test("a 500 on a lead created with a workflow warns that the lead may already have been contacted, not sent again", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const creating = clientOf(server, { maxRetries: 2 }).leads.create(single);
    await expect(creating).rejects.toMatchObject({ name: "InternalServerError", status: 500, mayHaveBeenProcessed: true });
    await expect(creating).rejects.toThrow("It was not retried. The lead may already have been contacted: check the lead's history");
    expect(server.requests).toHaveLength(1);
  });

  // The spec reaches the lead only with workflow_id (x-nexor-contacts-when).
  test("a 500 on a lead created without workflow_id does not say the lead may have been contacted", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const creating = clientOf(server).leads.create({ first_name: "John", email: "john.doe@example.com" });
    await expect(creating).rejects.toMatchObject({ name: "InternalServerError", mayHaveBeenProcessed: true });
    await expect(creating).rejects.not.toThrow("The lead may already have been contacted");
  });

  test("a lead without first_name is refused before sending", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.leads.create({ last_name: "Doe" } as unknown as CreateLeadsBody), "first_name");
  });

  test("more than 1,000 leads in one request are refused before sending", async ({ serve }) => {
    const leads = Array.from({ length: 1001 }, (_, index) => ({ first_name: `Lead ${index}` }));
    const server = await serve((_request, response) => json(response, 201, { success: true }));
    await expect(clientOf(server).leads.create(leads)).rejects.toMatchObject({
      name: "RequestValidationError",
      message: expect.stringContaining("at most 1000 items"),
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe.concurrent("leads.get", () => {
  // x-nexor-envelope: lead. The guide's bare lead is wrapped, the API reference's envelope returned as it came.
  test("resolves both documented shapes as { lead, … }: the bare lead wrapped, the envelope as it came", async ({ serve }) => {
    const bare = responseExample("getLead", "200", "guide");
    const envelope = responseExample("getLead", "200", "api_reference");
    const server = await serve((_request, response, index) => json(response, 200, index % 2 === 0 ? bare : envelope));
    const nexor = clientOf(server);
    const first = await nexor.leads.get(uuid.lead);
    const second = await nexor.leads.get(uuid.lead);
    expect(first).toEqual({ lead: bare });
    expect(second).toEqual(envelope);
    expect(first.lead).toMatchObject({ id: uuid.lead, first_name: "John" });
    expect(second.lead).toMatchObject({ id: uuid.lead, first_name: "John" });
    expect(second).toMatchObject({ success: true, variables: { budget: { value: 5000 } } });
    const { data } = await nexor.leads.get(uuid.lead).withResponse();
    expect(data).toEqual({ lead: bare });
  });

  test("an operation without x-nexor-envelope returns its body as it came", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true, lead: { id: uuid.lead } }));
    await expect(clientOf(server).leads.update(uuid.lead, { first_name: "John" })).resolves.toEqual({
      success: true,
      lead: { id: uuid.lead },
    });
    const bare = await serve((_request, response) => json(response, 200, { id: uuid.lead, first_name: "John" }));
    await expect(clientOf(bare).leads.update(uuid.lead, { first_name: "John" })).resolves.toEqual({ id: uuid.lead, first_name: "John" });
  });

  test("a placeholder id is a RequestValidationError naming id, and nothing is sent", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.leads.get("lead-uuid"), "id");
  });
});

describe.concurrent("leads.history", () => {
  const [first] = responseExample<{ history: GetLeadHistoryItem[] }>("getLeadHistory", "200", "history").history;
  const items = Array.from({ length: 5 }, (_, index) => ({ ...first, title: `Event ${index}` }));
  /** A lead's history of five items, answering limit and offset as Nexor does, without a total. */
  const history = (request: { path: string }, response: ServerResponse) => {
    const query = new URL(request.path, "http://localhost").searchParams;
    const offset = Number(query.get("offset") ?? 0);
    const limit = Number(query.get("limit") ?? 50);
    json(response, 200, { success: true, history: items.slice(offset, offset + limit) });
  };

  test("awaited, is the first page as asked for", async ({ serve }) => {
    const server = await serve(history);
    await expect(clientOf(server).leads.history(uuid.lead, { limit: 2 })).resolves.toEqual({ success: true, history: items.slice(0, 2) });
    expect(server.requests.map((request) => request.path)).toEqual([`${lead}/history?limit=2`]);
  });

  test("iterated, gives every item, asking the next offset until a page comes back short", async ({ serve }) => {
    const server = await serve(history);
    const seen: GetLeadHistoryItem[] = [];
    for await (const item of clientOf(server).leads.history(uuid.lead, { channel: ["call", "email"], limit: 2 })) seen.push(item);
    expect(seen).toEqual(items);
    expect(server.requests.map((request) => request.path)).toEqual([
      `${lead}/history?channel=call,email&limit=2`,
      `${lead}/history?channel=call,email&limit=2&offset=2`,
      `${lead}/history?channel=call,email&limit=2&offset=4`,
    ]);
  });

  test("a limit above 200 is a RequestValidationError naming query.limit, and nothing is sent", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.leads.history(uuid.lead, { limit: 500 }), "query.limit");
  });

  test("a channel it does not know is refused before sending", async ({ serve }) => {
    const channel = ["sms"] as unknown as Array<"call">;
    await expectRefused(serve, (nexor) => nexor.leads.history(uuid.lead, { channel }), "query.channel[0]");
  });
});

describe.concurrent("the other lead methods", () => {
  test("isPaused without a workflow sends no query string and resolves paused", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true, paused: true }));
    await expect(clientOf(server).leads.isPaused(uuid.lead)).resolves.toEqual({ success: true, paused: true });
    expect(server.requests.map((request) => request.path)).toEqual([`${lead}/is_paused`]);
  });

  test("isPaused with a workflow_id that is not a UUID is refused before sending", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.leads.isPaused(uuid.lead, { workflow_id: "workflow-uuid" }), "query.workflow_id");
  });

  test("meetings with a status it does not know is refused before sending", async ({ serve }) => {
    const status = ["done"] as unknown as Array<"scheduled">;
    await expectRefused(serve, (nexor) => nexor.leads.meetings(uuid.lead, { status }), "query.status[0]");
  });

  test("assignWorkflow without workflowId is refused before sending", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.leads.assignWorkflow(uuid.lead, {} as AssignLeadWorkflowBody), "workflowId");
  });

  test("a 500 on assignWorkflow warns that the lead may already have been contacted", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const assigning = clientOf(server).leads.assignWorkflow(uuid.lead, enroll);
    await expect(assigning).rejects.toThrow("The lead may already have been contacted");
    expect(server.requests).toHaveLength(1);
  });

  test("stopAutomation answered already_stopped resolves it as data", async ({ serve }) => {
    const stopped = responseExample("stopLeadAutomation", "200", "already_stopped");
    const server = await serve((_request, response) => json(response, 200, stopped));
    await expect(clientOf(server).leads.stopAutomation(uuid.lead, stop)).resolves.toEqual(stopped);
  });
});
