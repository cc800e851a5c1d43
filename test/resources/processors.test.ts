// processors: create, get, update and deactivate routing processors, and route leads through one. Creating a
// processor and routing leads (which creates them and may start a workflow that reaches them) are sent once; the
// reads, the update and the delete are sent again after a 503.
import { describe, expect } from "vitest";
import type { CreateProcessorBody, RouteLeadsBody, UpdateProcessorBody } from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused, requestExample, uuid } from "../support/resources.js";

const create = requestExample<CreateProcessorBody>("createProcessor", "create");
const rename = requestExample<UpdateProcessorBody>("updateProcessor", "rename");
const single = requestExample<RouteLeadsBody>("routeLeads", "single");
const bulk = requestExample<RouteLeadsBody>("routeLeads", "bulk");
const processor = `/processors/${uuid.processor}`;

describeMethod("createProcessor", {
  method: (nexor) => nexor.processors.create,
  args: [create],
  sends: { method: "POST", path: "/processors", body: create },
  retried: false,
  contacts: [],
});

describeMethod("getProcessor", {
  method: (nexor) => nexor.processors.get,
  args: [uuid.processor],
  sends: { method: "GET", path: processor },
  retried: true,
  contacts: [],
});

describeMethod("updateProcessor", {
  method: (nexor) => nexor.processors.update,
  args: [uuid.processor, rename],
  sends: { method: "PATCH", path: processor, body: rename },
  retried: true,
  contacts: [],
});

describeMethod("deleteProcessor", {
  method: (nexor) => nexor.processors.delete,
  args: [uuid.processor],
  sends: { method: "DELETE", path: processor },
  retried: true,
  contacts: [],
});

describeMethod("routeLeads", {
  method: (nexor) => nexor.processors.routeLeads,
  args: [uuid.processor, single],
  sends: { method: "POST", path: `${processor}/leads`, body: single },
  retried: false,
  contacts: ["lead"],
});

describe.concurrent("processors", () => {
  test("routeLeads sends an array of leads as given, once", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 201, { success: true }));
    await expect(clientOf(server).processors.routeLeads(uuid.processor, bulk)).resolves.toEqual({ success: true });
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual(bulk);
  });

  test("a 500 on routeLeads warns that the lead may already have been contacted, and is not sent again", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const routing = clientOf(server, { maxRetries: 2 }).processors.routeLeads(uuid.processor, single);
    await expect(routing).rejects.toMatchObject({ name: "InternalServerError", mayHaveBeenProcessed: true });
    await expect(routing).rejects.toThrow("It was not retried. The lead may already have been contacted");
    expect(server.requests).toHaveLength(1);
  });

  test("a 404 on routeLeads says a deleted processor answers 404", async ({ serve }) => {
    const server = await serve((_request, response) =>
      json(response, 404, { error: "Not found", message: "Processor not found or does not belong to your account" }),
    );
    await expect(clientOf(server).processors.routeLeads(uuid.processor, single)).rejects.toThrow("a deleted processor answers 404");
  });

  test("create without default_workflow_id is refused before sending", async ({ serve }) => {
    const body = { name: "Inbound router" } as CreateProcessorBody;
    await expectRefused(serve, (nexor) => nexor.processors.create(body), "default_workflow_id");
  });

  test("a 500 on create does not speak of a lead: a processor reaches no one until leads are routed", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const creating = clientOf(server).processors.create(create);
    await expect(creating).rejects.toMatchObject({ name: "InternalServerError", mayHaveBeenProcessed: true });
    await expect(creating).rejects.not.toThrow(/lead/i);
  });
});
