// Sends one request of the contract suite. One attempt, never a retry, never a redirect followed: a message to a
// lead is not idempotent, and a redirect could carry the key to another host. A request that gets no HTTP answer
// fails with the cause named in a word a person recognises: refused, DNS, TLS, reset, no answer.

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
  body: string;
}

/** How long a request may take unless NEXOR_CONTRACT_TIMEOUT_MS says otherwise. */
export const defaultTimeoutMs = 10_000;

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

/** Sends `request` once and reads the whole answer within `timeoutMs`; a request that gets none rejects with NoAnswerError. */
export async function send(request: OutgoingRequest, timeoutMs: number = defaultTimeoutMs): Promise<ReceivedResponse> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  } catch (error) {
    throw classify(error, timeoutMs);
  }
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
