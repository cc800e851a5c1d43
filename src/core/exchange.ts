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
  /** The whole body; when `tooLarge`, only its first bytes. */
  body: string;
  /** The body passed the byte limit and was not read to its end. */
  tooLarge?: true;
}

/** Sends one request and reads the whole answer. Rejects when the connection fails or `signal` aborts. */
export type Exchange = (request: ExchangeRequest) => Promise<ExchangeResult>;

/** The runtime's way out for a client without a fetch of its own: its exchange, reading up to `maxBytes`. */
export type Transport = (maxBytes: number) => Exchange;

/** Bytes of a body too large kept for its error: enough to recognise a proxy's page, too few to hold much. */
const PREFIX_BYTES = 200;

/**
 * The body of `response` as text, read only up to `maxBytes` bytes as they arrive, after decompression: a gzip bomb
 * or an endless body stops there. A body whose declared length is within the limit and which is not compressed is read
 * whole at once (fetch itself refuses more bytes than the declared length).
 */
export function readBody(response: Response, maxBytes: number): Promise<Omit<ExchangeResult, "response">> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared <= maxBytes && !response.headers.has("content-encoding")) return response.text().then((body) => ({ body }));
  return readStream(response, maxBytes, declared);
}

/** The body read chunk by chunk, counted, and given up once past `maxBytes`. */
async function readStream(response: Response, maxBytes: number, declared: number): Promise<Omit<ExchangeResult, "response">> {
  if (response.body === null) return { body: "" };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > maxBytes || declared > maxBytes) {
      // Cancelling the stream stops the download and its decompression; a failure to cancel changes nothing here.
      reader.cancel().catch(() => undefined);
      return { body: new TextDecoder().decode(concat(chunks, PREFIX_BYTES)), tooLarge: true };
    }
  }
  return { body: new TextDecoder().decode(concat(chunks, size)) };
}

/** The first `length` bytes of `chunks`, joined. */
export function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  // One chunk (most answers) is used as it is: no copy on every call.
  if (chunks.length === 1 && chunks[0]!.byteLength <= length) return chunks[0]!;
  const joined = new Uint8Array(
    Math.min(
      length,
      chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0),
    ),
  );
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, joined.length - offset);
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}

/** The exchange over a WHATWG `fetch`: redirects are left to the client's policy, the body read once, to `maxBytes`. */
export function fetchExchange(fetch: typeof globalThis.fetch, maxBytes = Infinity): Exchange {
  return async ({ url, method, headers, body, signal }) => {
    const response = await fetch(url, { method, headers, body, redirect: "manual", signal });
    return { response, ...(await readBody(response, maxBytes)) };
  };
}

/**
 * `promise`, or a rejection as soon as `signal` aborts, so that an exchange that ignores its signal (a custom fetch, a stub in place of the runtime's)
 * cannot hold the call past its deadline. A late rejection of `promise` is handled here and goes nowhere.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The runtime's fetch, looked up per call so that it is always called with its own `this` and a replacement is used.
 * A replacement need not honour the deadline's signal (a test's stub that never answers): whoever uses this transport
 * races the signal against it.
 */
export const fetchTransport: Transport = (maxBytes) => fetchExchange((input, init) => globalThis.fetch(input, init), maxBytes);
