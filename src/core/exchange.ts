// The HTTP exchange itself, and nothing else: send the bytes, return the status, headers and the whole body. Every
// policy (deadline, retries, redirects, the key's origin) lives above it, so a faster transport for a runtime (Node's
// undici dispatcher, a node:http agent) can replace this one function without touching resources or policy.

/** One request as it leaves the client: every header final, the body serialised. */
export interface ExchangeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Aborts the exchange: the deadline or the caller's signal. */
  signal: AbortSignal;
}

/** What came back: the response (its body already read) and that body as text. */
export interface ExchangeResult {
  response: Response;
  body: string;
}

/** Sends one request and reads the whole answer. Rejects when the connection fails or `signal` aborts. */
export type Exchange = (request: ExchangeRequest) => Promise<ExchangeResult>;

/** The exchange over a WHATWG `fetch`: redirects are left to the client's policy, the body is read once, as text. */
export function fetchExchange(fetch: typeof globalThis.fetch): Exchange {
  return async ({ url, method, headers, body, signal }) => {
    const response = await fetch(url, { method, headers, body, redirect: "manual", signal });
    return { response, body: await response.text() };
  };
}
