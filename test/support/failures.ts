// Fetch failures shaped as each runtime reports them, for tests of where a failure happened.

/** A failure as Node's fetch reports it: TypeError "fetch failed" with the socket error as its cause. */
export const nodeFailure = (code: string, syscall?: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`${syscall ?? ""} ${code}`), { code, syscall }) });

/** A fetch that counts its calls and hands each to `respond`. */
export function countingFetch(respond: typeof fetch): typeof fetch & { calls: number } {
  const counted = Object.assign(
    (input: RequestInfo | URL, init?: RequestInit) => {
      counted.calls++;
      return respond(input, init);
    },
    { calls: 0 },
  );
  return counted;
}

/** What `promise` rejected with, or undefined when it resolved: an error to inspect whole, not through a matcher that
 * would print it (and whatever it holds) on failure. */
export const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
