// leads.tags: set a lead's whole set of tags by name (sync), list them, and assign tags by id (add). Sync and add
// leave the same tags however often they are sent, so both are sent again after a 503.
import { describe, expect } from "vitest";
import type { AddLeadTagsBody, SyncLeadTagsBody } from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused, requestExample, responseExample, uuid } from "../support/resources.js";

const sync = requestExample<SyncLeadTagsBody>("syncLeadTags", "sync");
const oneTag = requestExample<AddLeadTagsBody>("addLeadTags", "one_tag");
const severalTags = requestExample<AddLeadTagsBody>("addLeadTags", "several_tags");

describeMethod("syncLeadTags", {
  method: (nexor) => nexor.leads.tags.sync,
  args: [sync],
  sends: { method: "PUT", path: "/leads/tags", body: sync },
  retried: true,
  contacts: [],
});

describeMethod("listLeadTags", {
  method: (nexor) => nexor.leads.tags.list,
  args: [uuid.lead],
  sends: { method: "GET", path: `/leads/${uuid.lead}/tags` },
  retried: true,
  contacts: [],
});

describeMethod("addLeadTags", {
  method: (nexor) => nexor.leads.tags.add,
  args: [uuid.lead, oneTag],
  sends: { method: "POST", path: `/leads/${uuid.lead}/tags`, body: oneTag },
  retried: true,
  contacts: [],
});

describe.concurrent("lead tags", () => {
  test("add sends several tag ids as given and resolves the tags", async ({ serve }) => {
    const tags = responseExample("addLeadTags", "201", "several_tags");
    const server = await serve((_request, response) => json(response, 201, tags));
    await expect(clientOf(server).leads.tags.add(uuid.lead, severalTags)).resolves.toEqual(tags);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual(severalTags);
  });

  test("add with both tagId and tagIds is refused before sending", async ({ serve }) => {
    const both = { tagId: uuid.tag, tagIds: [uuid.tag] } as unknown as AddLeadTagsBody;
    await expectRefused(serve, (nexor) => nexor.leads.tags.add(uuid.lead, both), "tagIds or tagId");
  });

  test("sync without tags is refused before sending", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.leads.tags.sync({ lead_id: uuid.lead } as SyncLeadTagsBody), "tags");
  });

  test("sync identifying the lead by email sends the body as given", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, responseExample("syncLeadTags", "200", "sync")));
    const body = { email: "john.doe@example.com", tags: [] };
    await clientOf(server).leads.tags.sync(body);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual(body);
  });
});
