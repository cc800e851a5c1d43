// What every method returns: a promise of the parsed body that can also give the raw response and the request id,
// the shape Stainless-generated SDKs (OpenAI, Anthropic) made familiar.

/** A successful call: the parsed body, the HTTP response (body already read) and Nexor's request id, if it sent one. */
export interface WithResponse<T> {
  data: T;
  response: Response;
  requestId: string | undefined;
}

/** A promise of `T` whose `withResponse()` also resolves the response and the request id. */
export class APIPromise<T> extends Promise<T> {
  readonly #result: Promise<WithResponse<T>>;

  constructor(result: Promise<WithResponse<T>>) {
    // The executor is a no-op: this promise settles through `then`, which reads `result`.
    super((resolve) => resolve(undefined as T));
    this.#result = result;
  }

  // Promise's own methods (then, catch, finally) build plain promises, not APIPromises.
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The parsed body together with the response and Nexor's request id (`x-request-id` or `request-id`). */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is a promise, and its `then` reads the call's result.
  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#result.then(onFulfilled ? (result) => onFulfilled(result.data) : (result) => result.data as unknown as R1, onRejected);
  }
}

/**
 * The first page of a paged list, awaited like any APIPromise, and an async iterable over every item of every page:
 * `for await (const item of nexor.leads.history(id))` requests the next page only when the last one is used up.
 */
export class PagePromise<P, Item> extends APIPromise<P> implements AsyncIterable<Item> {
  readonly #items: (page: P) => readonly Item[];
  readonly #next: (page: P) => PagePromise<P, Item> | undefined;

  constructor(result: Promise<WithResponse<P>>, items: (page: P) => readonly Item[], next: (page: P) => PagePromise<P, Item> | undefined) {
    super(result);
    this.#items = items;
    this.#next = next;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    let page: PagePromise<P, Item> | undefined = this;
    while (page) {
      const data: P = await page;
      yield* page.#items(data);
      page = page.#next(data);
    }
  }
}
