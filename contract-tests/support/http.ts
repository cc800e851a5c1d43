// Sends one request of the contract suite. One attempt, never a retry, never a redirect followed: a message to a
// lead is not idempotent, and a redirect could carry the key to another host.
/** A request exactly as the suite sends it; `body` is the raw text, which need not be JSON. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What came back: the status, the headers with lower-case names, and the body as text. */
export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// A live send can take a while; past this the request is abandoned and reported, not repeated.
const requestTimeoutMs = 30_000;

/** Sends `request` once and reads the whole answer. Rejects on a network error or after `requestTimeoutMs`. */
export async function send(request: OutgoingRequest): Promise<ReceivedResponse> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: "manual",
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}
