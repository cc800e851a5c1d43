// Sends one request of the contract suite. One attempt, never a redirect followed: a message to a lead is not
// idempotent, and a redirect could carry the key to another host. The one exception is a read whose connection was
// reset: a GET changes nothing, and a kept-alive connection the server closed while idle (its
// keep-alive timeout ran out between two requests) fails the next request on it so, with nothing wrong with the
// server; such a read is sent once more, on a new connection. A request that gets no HTTP answer fails with the cause
// named in a word a person recognises: refused, DNS, TLS, reset, no answer.

/** A request exactly as the suite sends it; `body` is the raw text, which need not be JSON. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What came back: the status, the headers with lower-case names, and the body as text. */
export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text; empty when it was larger than `maxBodyBytes` and so not read. */
  body: string;
  /** Set when the body was larger than `maxBodyBytes`: the bytes the server announced or sent before reading stopped. */
  tooLarge?: number;
}

/** How long a request may take unless NEXOR_CONTRACT_TIMEOUT_MS says otherwise. */
export const defaultTimeoutMs = 10_000;

/**
 * The most a response body may hold: 2 MiB. Nexor's largest documented answer is a page of at most 100 records, far
 * below it; a body past it is a broken promise, and reading stops there so that a run's memory stays flat whatever a
 * server sends.
 */
export const maxBodyBytes = 2 * 1024 * 1024;

/** Why no HTTP answer came: the connection was refused, the name did not resolve, TLS failed, … */
export type FailureKind = "refused" | "DNS" | "TLS" | "reset" | "no answer" | "network";

/** A request that got no HTTP answer. Every later request to the same server would most likely fail the same way. */
export class NoAnswerError extends Error {
  override name = "NoAnswerError";
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Methods that change nothing on the server, so that a read lost with its connection may be sent again. */
const safeMethods = new Set(["GET", "HEAD"]);

/**
 * Sends `request` and reads the whole answer within `timeoutMs`; a request that gets none rejects with NoAnswerError.
 * A GET or HEAD whose connection was reset is sent once more, within the same `timeoutMs` (so a request never takes
 * longer than the run's time bound counts for it); any other request exactly once.
 */
export async function send(request: OutgoingRequest, timeoutMs: number = defaultTimeoutMs): Promise<ReceivedResponse> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await sendOnce(request, timeoutMs, signal);
  } catch (error) {
    if (!(error instanceof NoAnswerError) || error.kind !== "reset" || !safeMethods.has(request.method.toUpperCase())) throw error;
    return sendOnce(request, timeoutMs, signal);
  }
}

async function sendOnce(request: OutgoingRequest, timeoutMs: number, signal: AbortSignal): Promise<ReceivedResponse> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
      redirect: "manual",
      signal,
    });
    const headers = Object.fromEntries(response.headers);
    const { body, tooLarge } = await readCapped(response, maxBodyBytes);
    return { status: response.status, headers, body, ...(tooLarge !== undefined && { tooLarge }) };
  } catch (error) {
    throw classify(error, timeoutMs);
  }
}

// The body as text, read chunk by chunk and given up on (the connection cancelled) as soon as it passes `limit`.
async function readCapped(response: Response, limit: number): Promise<{ body: string; tooLarge?: number }> {
  const announced = Number(response.headers.get("content-length"));
  if (Number.isFinite(announced) && announced > limit) {
    await response.body?.cancel();
    return { body: "", tooLarge: announced };
  }
  if (!response.body) return { body: "" };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { body: "", tooLarge: size };
    }
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks).toString("utf8") };
}

const tlsCode = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|EPROTO$)/;

/** The cause of a fetch that got no answer, as a kind and a sentence. */
export function classify(error: unknown, timeoutMs: number): NoAnswerError {
  if (error instanceof NoAnswerError) return error;
  const chain: Array<{ name?: string; code?: string; message?: string }> = [];
  for (let current = error as { cause?: unknown } | undefined; current && chain.length < 5; current = current.cause as typeof current) {
    chain.push(current as (typeof chain)[number]);
  }
  const code = chain.map((link) => link.code).find((candidate): candidate is string => typeof candidate === "string");
  const detail = chain.at(-1)?.message ?? String(error);
  if (chain.some((link) => link.name === "TimeoutError") || code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT") {
    return new NoAnswerError("no answer", `no answer within ${timeoutMs} ms (NEXOR_CONTRACT_TIMEOUT_MS)`);
  }
  if (code === "ECONNREFUSED") return new NoAnswerError("refused", "connection refused (nothing listens there)");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_FAIL") return new NoAnswerError("DNS", `DNS lookup failed (${code})`);
  if (code && tlsCode.test(code)) return new NoAnswerError("TLS", `TLS failed (${code}): ${detail}`);
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE") {
    return new NoAnswerError("reset", `connection closed without an answer (${code})`);
  }
  return new NoAnswerError("network", `network error: ${detail}${code ? ` (${code})` : ""}`);
}
