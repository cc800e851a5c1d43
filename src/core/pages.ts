// Lists paged by limit and offset (x-nexor-pagination): the first page as asked for, then each next page from the
// offset after the items already seen, until a page comes back short, empty, or the documented total is reached.
// Iteration always ends, whatever the server answers: items seen before are not yielded again, a page that is mostly
// items seen before means the server ignores the offset (iteration ends there), and past `maxPages` pages iteration
// stops with PageLimitError.
import { type OperationWords, PageLimitError } from "../errors.js";
import { assertCount, DEFAULT_MAX_PAGES } from "../internal/config.js";
import { PagePromise } from "./api-promise.js";
import type { Operation } from "./operation.js";
import { type Core, perform, type RequestOptions } from "./request.js";

type Query = Record<string, unknown> & { limit?: number; offset?: number };

/** What one iteration has seen so far: the items' keys and the pages asked for. */
interface Progress {
  seen: Set<string>;
  pages: number;
  /** The page just read had as many items seen before as new ones, or more: the offset is being ignored. */
  ignored: boolean;
}

/** An item's identity: its `id` where it has one, else its JSON (undefined when it has none, e.g. too deep). */
function keyOf(item: unknown): string | undefined {
  const id = typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined;
  if (typeof id === "string" || typeof id === "number") return `id:${id}`;
  try {
    return `json:${JSON.stringify(item)}`;
  } catch {
    return undefined;
  }
}

/** Calls a paged `operation` from `query` on; the result awaits to that page and iterates over every item after it. */
export function pages<P, Item>(
  core: Core,
  operation: Operation,
  words: OperationWords,
  ids: readonly unknown[],
  query: Query = {},
  options: RequestOptions = {},
  progress: Progress = { seen: new Set(), pages: 1, ignored: false },
): PagePromise<P, Item> {
  const paging = operation.pagination!;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const itemsOf = (page: P): readonly Item[] => {
    const items = (page as Record<string, unknown>)[paging.items];
    return Array.isArray(items) ? items : [];
  };
  /** The page's items not seen before, recorded as seen. */
  const fresh = (page: P): readonly Item[] => {
    const items = itemsOf(page);
    const kept = items.filter((item) => {
      const key = keyOf(item);
      if (key === undefined) return true;
      if (progress.seen.has(key)) return false;
      progress.seen.add(key);
      return true;
    });
    progress.ignored = items.length > 0 && (items.length - kept.length) * 2 >= items.length;
    return kept;
  };
  const next = (page: P): PagePromise<P, Item> | undefined => {
    const items = itemsOf(page);
    const offset = Number(query.offset ?? 0) + items.length;
    const total = paging.total === undefined ? undefined : (page as Record<string, unknown>)[paging.total];
    // The documented total, where the page has one, says when the list ends; otherwise a page shorter than the
    // limit asked for is the last one.
    const done = typeof total === "number" ? offset >= total : items.length < Number(query.limit ?? paging.pageSize);
    if (items.length === 0 || done || progress.ignored) return undefined;
    if (progress.pages >= maxPages) {
      throw new PageLimitError(
        `Stopped after ${maxPages} pages of ${operation.method} ${operation.path}: the list goes on, or the server ignores offset. Raise maxPages or narrow the query.`,
        maxPages,
      );
    }
    return pages(core, operation, words, ids, { ...query, offset }, options, { ...progress, pages: progress.pages + 1 });
  };
  // Checked before the first request, not when page 2 is due: a bad limit rejects with nothing sent. The request
  // still starts synchronously, as an async function runs up to its first await.
  const result = (async () => {
    assertCount("maxPages", maxPages);
    return perform<P>(core, operation, words, { ids, input: query }, options);
  })();
  return new PagePromise(result, fresh, next);
}
