// Paged lists: awaited, the first page; iterated, every item of every page, each next page asked for from the offset
// after the items seen, only once the last one is used up, until a page is short or empty or the total is reached.
import { describe, expect } from "vitest";
import { createCore } from "../../src/client.js";
import { pages } from "../../src/core/pages.js";
import { wordsFor } from "../../src/core/words.js";
import { APIPromise, ConfigurationError, PageLimitError } from "../../src/index.js";
import { API_KEY } from "../support/examples.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { operation } from "../support/operations.js";

interface Page {
  items: string[];
  total?: number;
}

const listNotes = operation({
  method: "GET",
  path: "/leads/{id}/notes",
  pathParams: ["id"],
  body: undefined,
  idempotent: true,
  query: [
    { name: "limit", explode: true },
    { name: "offset", explode: true },
  ],
  pagination: { items: "items", total: "total", pageSize: 2 },
});

/** A server over `items`, answering limit and offset, with the total when `withTotal`. */
const notesServer = (items: string[], withTotal: boolean) => (request: { path: string }, response: Parameters<typeof json>[0]) => {
  const query = new URL(request.path, "http://localhost").searchParams;
  const offset = Number(query.get("offset") ?? 0);
  const limit = Number(query.get("limit") ?? 2);
  json(response, 200, { items: items.slice(offset, offset + limit), ...(withTotal ? { total: items.length } : {}) });
};

const list = (baseUrl: string, query?: { limit?: number; offset?: number }) =>
  pages<Page, string>(createCore({ apiKey: API_KEY, baseUrl }), listNotes, wordsFor(listNotes), ["l-1"], query);

/** The path and query of every request the server received. */
const paths = (requests: Array<{ path: string }>) => requests.map((request) => request.path);

describe("a paged list", () => {
  test("awaited, is the first page as asked for, and an APIPromise", async ({ serve }) => {
    const server = await serve(notesServer(["a", "b", "c"], true));
    const first = list(server.url, { limit: 2 });
    expect(first).toBeInstanceOf(APIPromise);
    await expect(first).resolves.toEqual({ items: ["a", "b"], total: 3 });
    const { response } = await first.withResponse();
    expect(response.status).toBe(200);
    expect(paths(server.requests)).toEqual(["/leads/l-1/notes?limit=2"]);
  });

  test("iterated, gives every item, asking each next page from the offset after the items seen", async ({ serve }) => {
    const server = await serve(notesServer(["a", "b", "c", "d", "e"], false));
    const seen: string[] = [];
    for await (const item of list(server.url, { limit: 2 })) seen.push(item);
    expect(seen).toEqual(["a", "b", "c", "d", "e"]);
    expect(paths(server.requests)).toEqual([
      "/leads/l-1/notes?limit=2",
      "/leads/l-1/notes?limit=2&offset=2",
      "/leads/l-1/notes?limit=2&offset=4",
    ]);
  });

  test("without a limit, a page of pageSize items is full, and the list goes on from the offset given", async ({ serve }) => {
    const server = await serve(notesServer(["a", "b", "c", "d", "e"], false));
    const seen: string[] = [];
    for await (const item of list(server.url, { offset: 1 })) seen.push(item);
    expect(seen).toEqual(["b", "c", "d", "e"]);
    expect(paths(server.requests)).toEqual(["/leads/l-1/notes?offset=1", "/leads/l-1/notes?offset=3", "/leads/l-1/notes?offset=5"]);
  });

  test("stops when the total is reached, without asking for an empty page", async ({ serve }) => {
    const server = await serve(notesServer(["a", "b", "c", "d"], true));
    const seen: string[] = [];
    for await (const item of list(server.url, { limit: 2 })) seen.push(item);
    expect(seen).toEqual(["a", "b", "c", "d"]);
    expect(server.requests).toHaveLength(2);
  });

  test("asks for the next page only once the last one is used up", async ({ serve }) => {
    const server = await serve(notesServer(["a", "b", "c", "d"], false));
    for await (const item of list(server.url, { limit: 2 })) {
      expect(item).toBe("a");
      break;
    }
    expect(server.requests).toHaveLength(1);
  });

  test("a failed page rejects the iteration with its error", async ({ serve }) => {
    const server = await serve((request, response) =>
      request.path.includes("offset=2") ? json(response, 404, { error: "Not found" }) : json(response, 200, { items: ["a", "b"] }),
    );
    const seen: string[] = [];
    const iterating = (async () => {
      for await (const item of list(server.url, { limit: 2 })) seen.push(item);
    })();
    await expect(iterating).rejects.toMatchObject({ name: "NotFoundError", status: 404 });
    expect(seen).toEqual(["a", "b"]);
  });
});

describe("a server that does not page as asked", () => {
  test("one that ignores the offset gets one page iterated, not the same page for ever", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { items: ["a", "b"] }));
    const seen: string[] = [];
    const paging = pages<Page, string>(
      createCore({ apiKey: API_KEY, baseUrl: server.url }),
      { ...listNotes, pagination: { items: "items", pageSize: 2 } },
      wordsFor(listNotes),
      ["l-1"],
    );
    for await (const item of paging) {
      seen.push(item);
      if (seen.length > 10) break;
    }
    expect(seen).toEqual(["a", "b"]);
    expect(server.requests).toHaveLength(2);
  });

  test("an offset given as text is counted as a number", async ({ serve }) => {
    const server = await serve(notesServer(["a", "b", "c", "d"], false));
    const items: string[] = [];
    for await (const item of list(server.url, { offset: "1" as unknown as number })) items.push(item);
    expect(items).toEqual(["b", "c", "d"]);
    expect(server.requests.map((request) => new URL(request.path, "http://x").searchParams.get("offset"))).toEqual(["1", "3"]);
  });

  test("one that ignores the offset while its first item changes (a timestamp) ends after the second page", async ({ serve }) => {
    const server = await serve((_request, response) =>
      json(response, 200, {
        history: [
          { type: "visit", at: new Date().toISOString() + Math.random() },
          ...Array.from({ length: 49 }, (_, i) => ({ type: "note", text: `n${i}` })),
        ],
      }),
    );
    const history = { ...listNotes, pagination: { items: "history", pageSize: 50 } };
    const seen: unknown[] = [];
    for await (const item of pages<{ history: unknown[] }, unknown>(
      createCore({ apiKey: API_KEY, baseUrl: server.url }),
      history,
      wordsFor(history),
      ["l-1"],
    )) {
      seen.push(item);
      if (seen.length > 1000) break;
    }
    expect(seen).toHaveLength(51);
    expect(server.requests).toHaveLength(2);
  });

  test("items with ids already seen are not yielded again", async ({ serve }) => {
    const server = await serve((request, response) => {
      const offset = Number(new URL(request.path, "http://x").searchParams.get("offset") ?? 0);
      // Each page starts with the last item of the one before, as a list shifted by an insertion does.
      json(response, 200, {
        items: offset >= 6 ? [] : [{ id: offset - 1 }, { id: offset }, { id: offset + 1 }].filter((item) => item.id >= 0),
      });
    });
    const seen: unknown[] = [];
    for await (const item of list(server.url, { limit: 3 })) seen.push(item);
    expect(new Set(seen.map((item) => (item as { id: number }).id)).size).toBe(seen.length);
  });

  test("past maxPages, iteration stops with PageLimitError after yielding every page before", async ({ serve }) => {
    let counter = 0;
    const server = await serve((_request, response) => json(response, 200, { items: [`a${counter++}`, `b${counter++}`] }));
    const seen: string[] = [];
    const iterating = (async () => {
      for await (const item of pages<Page, string>(
        createCore({ apiKey: API_KEY, baseUrl: server.url }),
        listNotes,
        wordsFor(listNotes),
        ["l-1"],
        {},
        { maxPages: 5 },
      ))
        seen.push(item);
    })();
    await expect(iterating).rejects.toBeInstanceOf(PageLimitError);
    await expect(iterating).rejects.toThrow(/Stopped after 5 pages of GET \/leads\/\{id\}\/notes/);
    expect(seen).toHaveLength(10);
    expect(server.requests).toHaveLength(5);
  });

  test.for([
    ["0", 0],
    ["NaN", Number.NaN],
    ["2.5", 2.5],
    ['"5"', "5"],
  ] as const)("a maxPages of %s is a ConfigurationError before the first page is asked for", async ([, maxPages], { serve }) => {
    const server = await serve(notesServer(["a", "b", "c"], true));
    const first = pages<Page, string>(
      createCore({ apiKey: API_KEY, baseUrl: server.url }),
      listNotes,
      wordsFor(listNotes),
      ["l-1"],
      { limit: 2 },
      { maxPages: maxPages as number },
    );
    await expect(first).rejects.toBeInstanceOf(ConfigurationError);
    await expect(first).rejects.toThrow(/maxPages must be a whole number ≥ 1/);
    expect(server.requests).toHaveLength(0);
  });
});
