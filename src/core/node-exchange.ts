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
  complete: boolean;
  statusCode?: number;
  statusMessage?: string;
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
}
interface ClientRequest extends Emitter {
  reusedSocket: boolean;
  destroy(): void;
  setHeader(name: string, value: string): void;
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
// A connection not made within 10 s fails as one that was refused, nothing sent: undici's connect timeout.
const CONNECT_TIMEOUT_MS = 10_000;

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

// At most this many codings are decoded, as undici allows: each is a decompressor of its own, and an answer listing
// thousands would hold thousands of them (hundreds of MB) for a body of a few KB.
const MAX_CODINGS = 5;

/**
 * The decoders of `coding`, outermost first; none when fetch would decode none (an unknown coding among them). Throws
 * when the answer lists more codings than fetch accepts.
 */
function decoders(node: Node, coding: string): Stream[] {
  const { constants, createGunzip, createBrotliDecompress } = node.zlib;
  // Decoding as fetch does: a truncated stream gives what it decoded so far instead of an error.
  const zlib = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  const brotli = { flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH };
  const codings = coding.toLowerCase().split(",");
  if (codings.length > MAX_CODINGS) throw new Error(`too many content-encodings in the response (${codings.length})`);
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
function toResponse(answer: IncomingMessage, url: string): Response {
  const response = bare(answer);
  // fetch's response names the URL it answered; a constructed one cannot, so it is set.
  Object.defineProperty(response, "url", { value: url });
  return response;
}

function bare(answer: IncomingMessage): Response {
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

// Ended before a connection existed (by the deadline, the caller or the connect timeout): nothing was written, and the
// error says so in the terms the failure's classification reads (a connect system call that timed out).
const notConnected = (why: string) => Object.assign(new Error(`no connection was made: ${why}`), { code: "ETIMEDOUT", syscall: "connect" });

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
    reject(Object.assign(notConnected("aborted before it started"), { cause: signal.reason }));
    return;
  }
  node ??= loadNode();
  const secure = url.startsWith("https:");
  // The headers are set one by one on the request, never passed in its options: Node's agent prints those options
  // (NODE_DEBUG=http,net), and the key is among the headers.
  const outbound = (secure ? node.https : node.http).request(url, { method, agent: secure ? node.agents.https : node.agents.http });
  const bytes = body === undefined ? undefined : encoder.encode(body);
  try {
    // An invalid header throws here, before anything is written (ERR_INVALID_CHAR, ERR_INVALID_HTTP_TOKEN).
    for (const name in headers) outbound.setHeader(name, headers[name]!);
    // What fetch sends on its own: a user agent (some firewalls refuse a request without one) and the codings it
    // decodes, which are decoded below.
    if (!("user-agent" in headers)) outbound.setHeader("user-agent", "node");
    if (!("accept-encoding" in headers)) outbound.setHeader("accept-encoding", secure ? "gzip, deflate, br" : "gzip, deflate");
    if (bytes !== undefined) outbound.setHeader("content-length", String(bytes.byteLength));
  } catch (error) {
    // Destroyed before it had a socket, the request reports a hang-up on the next tick: heard here, or it would be an
    // uncaught exception. The header's own error is the one the call rejects with.
    outbound.on("error", () => {});
    outbound.destroy();
    reject(error);
    return;
  }

  let settled = false;
  let connected = false;
  let answered: IncomingMessage | undefined;
  let connectTimer: ReturnType<typeof setTimeout> | undefined;
  const finish = (error: unknown, result?: ExchangeResult) => {
    if (settled) return;
    settled = true;
    clearTimeout(connectTimer);
    signal.removeEventListener("abort", onAbort);
    if (result === undefined) {
      outbound.destroy();
      reject(error);
    } else resolve(result);
  };
  const onAbort = () => finish(connected ? signal.reason : Object.assign(notConnected("aborted"), { cause: signal.reason }));
  signal.addEventListener("abort", onAbort, { once: true });
  outbound.on("socket", (socket: Emitter & { connecting?: boolean }) => {
    if (outbound.reusedSocket || socket.connecting === false) {
      connected = true;
      return;
    }
    socket.once(secure ? "secureConnect" : "connect", () => {
      connected = true;
      clearTimeout(connectTimer);
    });
    connectTimer = setTimeout(() => finish(notConnected(`none within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
  });
  // Once the whole answer arrived, a later fault of the connection (bytes after the body) changes nothing: the read
  // settles with what arrived, as fetch's does.
  outbound.on("error", (error: unknown) => {
    if (!answered?.complete) finish(error);
  });
  // A 101 answer switches the connection to another protocol this client does not speak; without a listener, Node
  // would close the socket without an error and the call would wait out its deadline.
  outbound.on("upgrade", (_answer: unknown, socket: Stream) => {
    socket.destroy();
    finish(Object.assign(new Error("the server switched protocols (101)"), { code: "UND_ERR_SOCKET" }));
  });
  // Closed before any answer, without an error: the request may have been out. Node reports a close without an answer
  // as a hang-up error first; this settles any path that does not (a 101 without the listener above, a future change).
  outbound.on("close", () => {
    if (answered === undefined) finish(Object.assign(new Error("the connection closed without an answer"), { code: "ECONNRESET" }));
  });
  const current = node;
  outbound.on("response", (answer: IncomingMessage) => {
    answered = answer;
    try {
      read(current, answer, url, method, maxBytes, finish, () => outbound.destroy());
    } catch (error) {
      // A header a Response cannot hold, or too many codings: the request was out, so this fails after sending.
      finish(error);
    }
  });
  outbound.end(bytes);
}

/** Reads `answer` whole, decoded, and calls `finish` once: with the result, or with the error that ended the read. */
function read(
  node: Node,
  answer: IncomingMessage,
  url: string,
  method: string,
  maxBytes: number,
  finish: (error: unknown, result?: ExchangeResult) => void,
  close: () => void,
): void {
  const response = toResponse(answer, url);
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
  answer.on("error", (error: unknown) => {
    if (!answer.complete) finish(error);
  });
}
