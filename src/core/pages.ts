// Lists paged by limit and offset (x-nexor-pagination): the first page as asked for, then each next page from the
// offset after the items already seen, until a page comes back short, empty, or the documented total is reached.
import type { OperationWords } from "../errors.js";
import { PagePromise } from "./api-promise.js";
import type { Operation } from "./operation.js";
import { type Core, perform, type RequestOptions } from "./request.js";

type Query = Record<string, unknown> & { limit?: number; offset?: number };

/** Calls a paged `operation` from `query` on; the result awaits to that page and iterates over every item after it. */
export function pages<P, Item>(
  core: Core,
  operation: Operation,
  words: OperationWords,
  ids: readonly unknown[],
  query: Query = {},
  options?: RequestOptions,
): PagePromise<P, Item> {
  const paging = operation.pagination!;
  const itemsOf = (page: P): readonly Item[] => {
    const items = (page as Record<string, unknown>)[paging.items];
    return Array.isArray(items) ? items : [];
  };
  const next = (page: P): PagePromise<P, Item> | undefined => {
    const count = itemsOf(page).length;
    const offset = (query.offset ?? 0) + count;
    const total = paging.total === undefined ? undefined : (page as Record<string, unknown>)[paging.total];
    // The documented total, where the page has one, says when the list ends; otherwise a page shorter than the
    // limit asked for is the last one.
    const done = typeof total === "number" ? offset >= total : count < (query.limit ?? paging.pageSize);
    if (count === 0 || done) return undefined;
    return pages(core, operation, words, ids, { ...query, offset }, options);
  };
  return new PagePromise(perform<P>(core, operation, words, { ids, input: query }, options ?? {}), itemsOf, next);
}
