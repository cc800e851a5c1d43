// Lists paged by limit and offset (x-nexor-pagination): the first page as asked for, then each next page from the
// offset after the items already seen, until a page comes back short, empty, or the documented total is reached.
import type { OperationWords } from "../errors.js";
import { PagePromise } from "./api-promise.js";
import type { Operation } from "./operation.js";
import { type Core, perform, type RequestOptions } from "./request.js";

type Query = Record<string, unknown> & { limit?: number; offset?: number };

/**
 * Calls a paged `operation` from `query` on; the result awaits to that page and iterates over every item after it.
 * `previousFirst` is the first item of the page before, as JSON: a page that starts with it again means the server
 * ignores the offset, and iteration stops there instead of going round the same items for ever.
 */
export function pages<P, Item>(
  core: Core,
  operation: Operation,
  words: OperationWords,
  ids: readonly unknown[],
  query: Query = {},
  options: RequestOptions = {},
  previousFirst?: string,
): PagePromise<P, Item> {
  const paging = operation.pagination!;
  const itemsOf = (page: P): readonly Item[] => {
    const items = (page as Record<string, unknown>)[paging.items];
    return Array.isArray(items) ? items : [];
  };
  const repeated = (page: P) =>
    previousFirst !== undefined && itemsOf(page).length > 0 && JSON.stringify(itemsOf(page)[0]) === previousFirst;
  const next = (page: P): PagePromise<P, Item> | undefined => {
    const items = itemsOf(page);
    const offset = Number(query.offset ?? 0) + items.length;
    const total = paging.total === undefined ? undefined : (page as Record<string, unknown>)[paging.total];
    // The documented total, where the page has one, says when the list ends; otherwise a page shorter than the
    // limit asked for is the last one.
    const done = typeof total === "number" ? offset >= total : items.length < Number(query.limit ?? paging.pageSize);
    if (items.length === 0 || done || repeated(page)) return undefined;
    return pages(core, operation, words, ids, { ...query, offset }, options, JSON.stringify(items[0]));
  };
  const result = perform<P>(core, operation, words, { ids, input: query }, options);
  return new PagePromise(result, (page) => (repeated(page) ? [] : itemsOf(page)), next);
}
