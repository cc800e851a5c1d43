// tags: list, create, update and delete the account's tags. A slug is unique, so creating one twice is a 409, and
// creating is never sent again; the update and the delete set state and are.
import { describe, expect } from "vitest";
import type { CreateTagBody, UpdateTagBody } from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused, requestExample, uuid } from "../support/resources.js";

const create = requestExample<CreateTagBody>("createTag", "create");
const rename = requestExample<UpdateTagBody>("updateTag", "rename");

describeMethod("listTags", {
  method: (nexor) => nexor.tags.list,
  args: [{ search: "hot lead" }],
  sends: { method: "GET", path: "/tags?search=hot%20lead" },
  retried: true,
  contacts: [],
});

describeMethod("createTag", {
  method: (nexor) => nexor.tags.create,
  args: [create],
  sends: { method: "POST", path: "/tags", body: create },
  retried: false,
  contacts: [],
});

describeMethod("updateTag", {
  method: (nexor) => nexor.tags.update,
  args: [uuid.tag, rename],
  sends: { method: "PUT", path: `/tags/${uuid.tag}`, body: rename },
  retried: true,
  contacts: [],
});

describeMethod("deleteTag", {
  method: (nexor) => nexor.tags.delete,
  args: [uuid.tag],
  sends: { method: "DELETE", path: `/tags/${uuid.tag}` },
  retried: true,
  contacts: [],
});

describe.concurrent("tags", () => {
  test("list without a query sends no query string", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { data: [] }));
    await expect(clientOf(server).tags.list()).resolves.toEqual({ data: [] });
    expect(server.requests.map((request) => request.path)).toEqual(["/tags"]);
  });

  test("a taken slug is a ConflictError saying nothing was changed, not retried", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 409, { error: "A tag with this slug already exists" }));
    const creating = clientOf(server, { maxRetries: 2 }).tags.create(create);
    await expect(creating).rejects.toMatchObject({ name: "ConflictError", status: 409, mayHaveBeenProcessed: false });
    await expect(creating).rejects.toThrow("A tag with this slug already exists");
    await expect(creating).rejects.toThrow("nothing was changed");
    expect(server.requests).toHaveLength(1);
  });

  test("a 500 on create does not speak of a lead: creating a tag reaches no one", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const creating = clientOf(server).tags.create(create);
    await expect(creating).rejects.toMatchObject({ name: "InternalServerError", mayHaveBeenProcessed: true });
    await expect(creating).rejects.toThrow("Nexor may already have acted on it: check before sending it again");
    await expect(creating).rejects.not.toThrow(/lead/i);
  });

  test("create without its required name is refused before sending", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.tags.create({ slug: "hot-lead" } as unknown as CreateTagBody), "name");
  });
});
