// templates.list: the account's WhatsApp templates, filtered by status and category, both enums of the spec.
import { describe, expect } from "vitest";
import type { ListTemplatesQuery } from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused } from "../support/resources.js";

describeMethod("listTemplates", {
  method: (nexor) => nexor.templates.list,
  args: [{ status: "APPROVED", category: "UTILITY" }],
  sends: { method: "GET", path: "/templates?status=APPROVED&category=UTILITY" },
  retried: true,
  contacts: [],
});

describe.concurrent("templates.list", () => {
  test("without filters sends no query string", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true, templates: [] }));
    await expect(clientOf(server).templates.list()).resolves.toEqual({ success: true, templates: [] });
    expect(server.requests.map((request) => request.path)).toEqual(["/templates"]);
  });

  test("a status it does not know is a RequestValidationError naming query.status, and nothing is sent", async ({ serve }) => {
    const query = { status: "PAUSED" } as unknown as ListTemplatesQuery;
    await expectRefused(serve, (nexor) => nexor.templates.list(query), "query.status");
  });

  test("a category it does not know is refused before sending", async ({ serve }) => {
    const query = { category: "marketing" } as unknown as ListTemplatesQuery;
    await expectRefused(serve, (nexor) => nexor.templates.list(query), "query.category");
  });
});
