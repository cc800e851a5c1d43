// The exchange over node:http and node:https with keep-alive agents: under Node it costs about half of what one fetch
// call does on loopback (undici's fetch links an AbortSignal per request through a WeakRef, a FinalizationRegistry entry
// and a listener, and builds a WHATWG request and response). It behaves as the fetch exchange does: redirects never
// followed, the body decoded as fetch decodes it (gzip, deflate, br), counted after decoding and given up past the
// limit, the deadline's signal ending the request, connect and header failures reported with Node's own codes.
// Node's modules are taken from process.getBuiltinModule when first needed, never imported: src/ compiles without
// Node's types, and no bundler meets a node: import. Only the "node" entry reaches this file.
import { concat, type Exchange, type ExchangeRequest, type ExchangeResult } from "./exchange.js";

// The little of Node's stream, http and zlib modules this file uses.
type Listener = (...args: never[]) => void;
interface Emitter {
  on(event: string, listener: Listener): unknown;
  once(event: string, listener: Listener): unknown;
}
interface Stream extends Emitter {
  pipe<T extends Stream>(destination: T): T;
  destroy(error?: unknown): void;
  write(chunk: Uint8Array, done?: (error?: unknown) => void): boolean;
  end(chunk?: Uint8Array): void;
  push(chunk: Uint8Array): boolean;
}
interface IncomingMessage extends Stream {
  statusCode?: number;
  statusMessage?: string;
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
}
interface ClientRequest extends Emitter {
  destroy(): void;
  end(body?: Uint8Array): void;
}
interface HttpModule {
  Agent: new (options: object) => object;
  request(url: string, options: object): ClientRequest;
}
type Done = (error?: unknown) => void;
interface StreamModule {
  Transform: new (options: {
    transform(this: Stream, chunk: Uint8Array, encoding: string, done: Done): void;
    flush(this: Stream, done: Done): void;
  }) => Stream;
}
interface ZlibModule {
  constants: Record<string, number>;
  createGunzip(options: object): Stream;
  createInflate(options: object): Stream;
  createInflateRaw(options: object): Stream;
  createBrotliDecompress(options: object): Stream;
}

interface Node {
  http: HttpModule;
  https: HttpModule;
  zlib: ZlibModule;
  stream: StreamModule;
  agents: { http: object; https: object };
}
let node: Node | undefined;

// An idle socket is closed after 4 s, as undici's agent does, and earlier when the server announces a shorter
// keep-alive (Node's agent reads `Keep-Alive: timeout=n` and leaves a second of margin): a request is never written to
// a socket the server is about to close. The most recently used socket is reused first, the least likely to be stale.
const AGENT_OPTIONS = { keepAlive: true, timeout: 4_000, scheduling: "lifo" };

/** Node's modules and this process's two agents, loaded on first use. */
function loadNode(): Node {
  const load = (globalThis as unknown as { process: { getBuiltinModule(name: string): unknown } }).process.getBuiltinModule;
  const [http, https] = [load("node:http") as HttpModule, load("node:https") as HttpModule];
  return {
    http,
    https,
    zlib: load("node:zlib") as ZlibModule,
    stream: load("node:stream") as StreamModule,
    agents: { http: new http.Agent(AGENT_OPTIONS), https: new https.Agent(AGENT_OPTIONS) },
  };
}

/** Bytes of a body too large kept for its error, as the fetch exchange keeps. */
const PREFIX_BYTES = 200;
// Statuses whose answer has no body, where fetch decodes nothing.
const NULL_BODY = new Set([101, 204, 205, 304]);
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/**
 * A `deflate` body as fetch reads it: zlib-wrapped (RFC 1950, what the name means), or raw deflate, which some servers
 * send under the same name; the first byte tells them apart.
 */
function inflate({ zlib, stream }: Node, options: object): Stream {
  let inner: Stream | undefined;
  return new stream.Transform({
    transform(chunk, _encoding, done) {
      if (inner === undefined) {
        inner = (chunk[0]! & 0x0f) === 0x08 ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        inner.on("data", (data: Uint8Array) => this.push(data));
        inner.on("error", (error: unknown) => this.destroy(error));
      }
      inner.write(chunk, done);
    },
    flush(done) {
      if (inner === undefined) done();
      else {
        inner.once("end", () => done());
        inner.end();
      }
    },
  });
}

/** The decoders of `coding`, outermost first; none when fetch would decode none (an unknown coding among them). */
function decoders(node: Node, coding: string): Stream[] {
  const { constants, createGunzip, createBrotliDecompress } = node.zlib;
  // Decoding as fetch does: a truncated stream gives what it decoded so far instead of an error.
  const zlib = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  const brotli = { flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH };
  const codings = coding.toLowerCase().split(",");
  const chain: Stream[] = [];
  for (let index = codings.length - 1; index >= 0; index--) {
    const name = codings[index]!.trim();
    if (name === "gzip" || name === "x-gzip") chain.push(createGunzip(zlib));
    else if (name === "deflate") chain.push(inflate(node, zlib));
    else if (name === "br") chain.push(createBrotliDecompress(brotli));
    else return [];
  }
  return chain;
}

/**
 * A response whose body the exchange has read, as the fetch exchange returns one: `bodyUsed`, and its body methods and
 * clone() refuse as fetch's do. Built on a bodiless Response: creating a body only to cancel it costs 20 µs a call.
 */
class ReadResponse extends Response {}
const unusable = () => Promise.reject(new TypeError("Body is unusable: Body has already been read"));
Object.defineProperty(ReadResponse.prototype, "bodyUsed", { get: () => true });
for (const name of ["arrayBuffer", "blob", "bytes", "formData", "json", "text"])
  if (name in Response.prototype)
    Object.defineProperty(ReadResponse.prototype, name, { value: unusable, writable: true, configurable: true });
Object.defineProperty(ReadResponse.prototype, "clone", {
  value: () => {
    throw new TypeError("Response.clone: Body has already been consumed.");
  },
  writable: true,
  configurable: true,
});

/** The answer's status and headers as a WHATWG Response, its body already read, as the fetch exchange returns. */
function toResponse(answer: IncomingMessage): Response {
  const headers = new Headers();
  const raw = answer.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  const status = answer.statusCode ?? 0;
  const init = { status, statusText: answer.statusMessage ?? "", headers };
  // A status that has no body (204, 205, 304) leaves fetch's body null and unused.
  if (NULL_BODY.has(status)) return new Response(null, init);
  if (status <= 599) return new ReadResponse(null, init);
  // fetch passes on any status a server sends (600 and up); a Response cannot be constructed with one, so it is set.
  const response = new ReadResponse(null, { ...init, status: 599 });
  Object.defineProperties(response, { status: { value: status }, ok: { value: false } });
  return response;
}

/**
 * Sends one request through Node's keep-alive agents and reads the whole answer, decoded, up to `maxBytes`. Rejects
 * with Node's error (ECONNREFUSED from `connect`, ERR_INVALID_CHAR for a header, a TLS certificate code) or with the
 * signal's reason once it aborts.
 */
export function nodeExchange(maxBytes = Number.POSITIVE_INFINITY): Exchange {
  return (request) => new Promise<ExchangeResult>((resolve, reject) => send(request, maxBytes, resolve, reject));
}

function send(
  { url, method, headers, body, signal }: ExchangeRequest,
  maxBytes: number,
  resolve: (result: ExchangeResult) => void,
  reject: (error: unknown) => void,
): void {
  if (signal.aborted) {
    reject(signal.reason);
    return;
  }
  node ??= loadNode();
  const secure = url.startsWith("https:");
  const outgoing: Record<string, string> = { ...headers };
  // What fetch asks for, and decodes below.
  if (!("accept-encoding" in outgoing)) outgoing["accept-encoding"] = secure ? "gzip, deflate, br" : "gzip, deflate";
  const bytes = body === undefined ? undefined : encoder.encode(body);
  if (bytes !== undefined) outgoing["content-length"] = String(bytes.byteLength);
  // An invalid header throws here, before anything is written (ERR_INVALID_CHAR, ERR_INVALID_HTTP_TOKEN).
  const options = { method, headers: outgoing, agent: secure ? node.agents.https : node.agents.http };
  const outbound = (secure ? node.https : node.http).request(url, options);

  let settled = false;
  const finish = (error: unknown, result?: ExchangeResult) => {
    if (settled) return;
    settled = true;
    signal.removeEventListener("abort", onAbort);
    if (result === undefined) {
      outbound.destroy();
      reject(error);
    } else resolve(result);
  };
  const onAbort = () => finish(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  outbound.on("error", (error: unknown) => finish(error));
  const current = node;
  outbound.on("response", (answer: IncomingMessage) => {
    try {
      read(current, answer, method, maxBytes, finish, () => outbound.destroy());
    } catch (error) {
      // A header a Response cannot hold: the request was out, so this is a failure after sending.
      finish(error);
    }
  });
  outbound.end(bytes);
}

/** Reads `answer` whole, decoded, and calls `finish` once: with the result, or with the error that ended the read. */
function read(
  node: Node,
  answer: IncomingMessage,
  method: string,
  maxBytes: number,
  finish: (error: unknown, result?: ExchangeResult) => void,
  close: () => void,
): void {
  const response = toResponse(answer);
  const coding = answer.headers["content-encoding"];
  const chain = typeof coding === "string" && method !== "HEAD" && !NULL_BODY.has(response.status) ? decoders(node, coding) : [];
  let stream: Stream = answer;
  for (const decoder of chain) {
    decoder.on("error", (error: unknown) => finish(error));
    stream = stream.pipe(decoder);
  }
  const declared = Number(answer.headers["content-length"] ?? Number.NaN);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  stream.on("data", (chunk: Uint8Array) => {
    if (done) return;
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size > maxBytes || declared > maxBytes) {
      // Past the limit: the socket is closed, which ends the download and its decompression; a prefix is kept.
      done = true;
      finish(undefined, { response, body: utf8.decode(concat(chunks, PREFIX_BYTES)), tooLarge: true });
      close();
      for (const decoder of chain) decoder.destroy();
    }
  });
  stream.on("end", () => {
    done = true;
    finish(undefined, { response, body: size === 0 ? "" : utf8.decode(concat(chunks, size)) });
  });
  // The connection closed before the answer was complete: the request was out, so it may have been processed.
  answer.on("aborted", () =>
    finish(Object.assign(new Error("the connection closed before the response was complete"), { code: "ECONNRESET" })),
  );
  answer.on("error", (error: unknown) => finish(error));
}
