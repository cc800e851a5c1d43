// createNexorClient: resolves options, builds the transport and the openapi-fetch client, and hangs resources on it.
import createClient, { type Client } from "openapi-fetch";
import { ConfigurationError, RequestValidationError } from "./errors.js";
import { assertLimit, assertSecure, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, readEnv } from "./internal/config.js";
import { RequestCarrier } from "./internal/request-carrier.js";
import { createTransport, type Transport } from "./internal/transport.js";
import { type Messages, messages } from "./resources/messages.js";
import type { paths } from "./types.js";

/** Options of a client. Every one is optional. */
export interface ClientOptions {
  /** The account's API key (`nxr_live_…`). Default: the NEXOR_API_KEY environment variable. */
  apiKey?: string | undefined;
  /** Default: NEXOR_BASE_URL, then https://api.getnexor.ai/api/public. Plain http only to loopback hosts. */
  baseUrl?: string | undefined;
  /** Deadline of each call in ms, retries and waits included. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Retries of a provably unprocessed request (refused connection, failed DNS lookup, 429). Default 2. */
  maxRetries?: number | undefined;
  /** The fetch to use. Default: the runtime's global fetch. */
  fetch?: typeof fetch | undefined;
  /** Headers added to every request. */
  headers?: Record<string, string> | undefined;
  /** Check request bodies against the contract before sending. Default true. */
  validate?: boolean | undefined;
}

/** What resources share. */
export interface Core {
  /** An openapi-fetch client of its own, so middleware added to the public `api` never sees its requests. */
  http: Client<paths>;
  send: Transport;
  secret: string;
  validate: boolean;
}

/** A Nexor API client. */
export interface NexorClient {
  /** Send messages and start calls. */
  messages: Messages;
  /**
   * The underlying openapi-fetch client: every path in the spec, fully typed, with this client's key, deadline, retry
   * and redirect rules. It resolves `{ data, error, response }` and does not throw for HTTP errors.
   */
  api: Client<paths>;
}

/** Creates a client. Throws ConfigurationError, before any request, when the key or base URL cannot be used. */
export function createNexorClient(options: ClientOptions = {}): NexorClient {
  const apiKey = (options.apiKey ?? readEnv("NEXOR_API_KEY") ?? "").trim();
  if (!apiKey) {
    throw new ConfigurationError(
      "Missing Nexor API key: pass apiKey to createNexorClient or set NEXOR_API_KEY. The key is in the Nexor dashboard under your profile (bottom left) → Integrations.",
    );
  }
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new ConfigurationError("The Nexor API key contains spaces or characters a header cannot carry: check NEXOR_API_KEY.");
  }
  const baseUrl = options.baseUrl ?? (readEnv("NEXOR_BASE_URL") || DEFAULT_BASE_URL);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`baseUrl is not a URL: "${baseUrl}". Check NEXOR_BASE_URL.`);
  }
  assertSecure(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  assertLimit("timeoutMs", timeoutMs, false);
  assertLimit("maxRetries", maxRetries, true);

  const send = createTransport({
    apiKey,
    origin: url.origin,
    // Looked up per call, so that the runtime's fetch is always called with its own `this`.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs,
    maxRetries,
  });
  const api = createClient<paths>({ baseUrl, headers: options.headers, fetch: (request: Request) => send(request) });
  // The carrier stands in for Request only where no caller's middleware can receive it (see request-carrier.ts).
  const http = createClient<paths>({
    baseUrl,
    headers: options.headers,
    Request: RequestCarrier as unknown as typeof Request,
    bodySerializer: serializeBody,
  });
  return { messages: messages({ http, send, secret: apiKey, validate: options.validate ?? true }), api };
}

/** JSON.stringify, with a body it cannot serialise (a BigInt, a cycle) reported as invalid before anything is sent. */
function serializeBody(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new RequestValidationError([{ path: "", message: `body cannot be sent as JSON (${(error as Error).message})` }]);
  }
}
