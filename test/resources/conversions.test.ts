// conversions: list them (paged by limit and offset, with a total) and record one. Recording is sent once: Nexor
// documents no de-duplication, so a repeat would count the conversion twice.
import type { ServerResponse } from "node:http";
import { describe, expect } from "vitest";
import type { CreateConversionBody, ListConversionsItem } from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused, requestExample, responseExample, uuid } from "../support/resources.js";

const deal = requestExample<CreateConversionBody>("createConversion", "deal");

describeMethod("listConversions", {
  method: (nexor) => nexor.conversions.list,
  args: [{ lead_id: uuid.lead, conversion_type_id: uuid.conversionType, limit: 20, offset: 0 }],
  sends: { method: "GET", path: `/conversions?lead_id=${uuid.lead}&conversion_type_id=${uuid.conversionType}&limit=20&offset=0` },
  retried: true,
  contacts: [],
});

describeMethod("createConversion", {
  method: (nexor) => nexor.conversions.create,
  args: [deal],
  sends: { method: "POST", path: "/conversions", body: deal },
  retried: false,
  contacts: [],
});

describe.concurrent("conversions.list", () => {
  const [first] = responseExample<{ conversion_events: ListConversionsItem[] }>("listConversions", "200", "conversions").conversion_events;
  // Each its own id, as Nexor's are: iteration does not yield an id it has already yielded.
  const events = Array.from({ length: 5 }, (_, index) => ({
    ...first,
    id: `${String(first?.id).slice(0, -1)}${index}`,
    amount: 100 * (index + 1),
  }));
  /** Five conversions, answering limit and offset with the total, as Nexor does. */
  const conversions = (request: { path: string }, response: ServerResponse) => {
    const query = new URL(request.path, "http://localhost").searchParams;
    const offset = Number(query.get("offset") ?? 0);
    const limit = Number(query.get("limit") ?? 50);
    json(response, 200, { success: true, conversion_events: events.slice(offset, offset + limit), total: events.length });
  };

  test("awaited, is the first page as asked for", async ({ serve }) => {
    const server = await serve(conversions);
    await expect(clientOf(server).conversions.list({ limit: 2 })).resolves.toEqual({
      success: true,
      conversion_events: events.slice(0, 2),
      total: 5,
    });
    expect(server.requests.map((request) => request.path)).toEqual(["/conversions?limit=2"]);
  });

  test("iterated, gives every conversion, asking the next offset until the total is reached", async ({ serve }) => {
    const server = await serve(conversions);
    const seen: ListConversionsItem[] = [];
    for await (const event of clientOf(server).conversions.list({ lead_id: uuid.lead, limit: 2 })) seen.push(event);
    expect(seen).toEqual(events);
    expect(server.requests.map((request) => request.path)).toEqual([
      `/conversions?lead_id=${uuid.lead}&limit=2`,
      `/conversions?lead_id=${uuid.lead}&limit=2&offset=2`,
      `/conversions?lead_id=${uuid.lead}&limit=2&offset=4`,
    ]);
  });

  test("a full last page ends the list at the total, without asking for an empty page", async ({ serve }) => {
    const server = await serve(conversions);
    const seen: ListConversionsItem[] = [];
    for await (const event of clientOf(server).conversions.list({ limit: 5 })) seen.push(event);
    expect(seen).toHaveLength(5);
    expect(server.requests).toHaveLength(1);
  });

  test("a limit of 0 is a RequestValidationError naming query.limit, and nothing is sent", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.conversions.list({ limit: 0 }), "query.limit");
  });

  test("a lead_id that is not a UUID is refused before sending", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.conversions.list({ lead_id: "lead-uuid" }), "query.lead_id");
  });
});

describe.concurrent("conversions.create", () => {
  test("without amount it is refused before sending", async ({ serve }) => {
    const { amount: _amount, ...body } = deal;
    await expectRefused(serve, (nexor) => nexor.conversions.create(body as CreateConversionBody), "amount");
  });

  test("a 500 is not sent again and does not speak of a lead: recording a conversion reaches no one", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const creating = clientOf(server, { maxRetries: 2 }).conversions.create(deal);
    await expect(creating).rejects.toMatchObject({ name: "InternalServerError", mayHaveBeenProcessed: true });
    await expect(creating).rejects.toThrow("It was not retried. Nexor may already have acted on it: check before sending it again");
    expect(server.requests).toHaveLength(1);
  });
});
