// createNexorClient: resolves options, builds the request core, hangs one method per operation on it from the
// generated table, and keeps openapi-fetch as the typed escape hatch over the same core.
import createClient, { type Client } from "openapi-fetch";
import type { Methods } from "../generated/methods.js";
import { methodTree, operationTable } from "../generated/operations.js";
import { fetchExchange } from "./core/exchange.js";
import type { Operation } from "./core/operation.js";
import { pages } from "./core/pages.js";
import { type Core, type RequestOptions, request } from "./core/request.js";
import { createSender } from "./core/send.js";
import { wordsFor } from "./core/words.js";
import { ConfigurationError, GENERIC_WORDS } from "./errors.js";
import { assertLimit, assertSecure, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, readEnv } from "./internal/config.js";
import { SAFE_METHODS } from "./internal/retry.js";
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
  /** Check requests against the contract before sending. Default true. */
  validate?: boolean | undefined;
}

/** A Nexor API client: one method per operation of the spec, and the openapi-fetch escape hatch. */
export interface NexorClient extends Methods {
  /**
   * The underlying openapi-fetch client: every path in the spec, fully typed, with this client's key, deadline, retry
   * and redirect rules. It resolves `{ data, error, response }` and does not throw for HTTP errors.
   */
  api: Client<paths>;
}

/** Creates a client. Throws ConfigurationError, before any request, when the key or base URL cannot be used. */
export function createNexorClient(options: ClientOptions = {}): NexorClient {
  const core = createCore(options);
  // The escape hatch knows no operation: it retries like an idempotent operation only what merely reads.
  const api = createClient<paths>({
    baseUrl: core.baseUrl,
    headers: options.headers,
    fetch: async (request: Request) => {
      const body = request.body === null ? undefined : await request.text();
      const { response, body: text } = await core.send(
        { method: request.method, url: new URL(request.url), headers: Object.fromEntries(request.headers), body },
        {
          signal: request.signal,
          timeoutMs: core.timeoutMs,
          maxRetries: core.maxRetries,
          idempotent: SAFE_METHODS.has(request.method),
          words: GENERIC_WORDS,
        },
      );
      const empty = response.status === 204 || response.status === 205 || response.status === 304;
      return new Response(empty ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers });
    },
  });
  return { ...(resources(core, methodTree) as unknown as Methods), api };
}

/** The request core of a client: options resolved and checked, the key closed over by its sender. */
export function createCore(options: ClientOptions = {}): Core {
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
  // "localhost:4010" parses as a URL whose scheme is "localhost:"; say what is missing instead of refusing an origin.
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(
      `baseUrl "${baseUrl}" has no http or https scheme: use https://… (plain http:// only to localhost, 127.0.0.0/8 and [::1]). Check NEXOR_BASE_URL.`,
    );
  }
  assertSecure(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  assertLimit("timeoutMs", timeoutMs, false);
  assertLimit("maxRetries", maxRetries, true);
  // Looked up per call, so that the runtime's fetch is always called with its own `this`.
  const send = createSender(apiKey, url.origin, fetchExchange(options.fetch ?? ((input, init) => globalThis.fetch(input, init))));
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  return { baseUrl: baseUrl.replace(/\/+$/, ""), headers, send, secret: apiKey, validate: options.validate ?? true, timeoutMs, maxRetries };
}

type Tree = { readonly [name: string]: string | Tree };

/** The methods of `tree`, each calling its operation through the core. */
function resources(core: Core, tree: Tree): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tree).map(([name, node]) => [
      name,
      typeof node === "string" ? method(core, operationTable[node as keyof typeof operationTable]) : resources(core, node),
    ]),
  );
}

/** One method: positional path ids, then the body or the query (when the operation takes one), then the options. */
function method(core: Core, operation: Operation) {
  const words = wordsFor(operation);
  const ids = operation.pathParams.length;
  const takesInput = operation.body !== undefined || operation.query !== undefined;
  return (...args: unknown[]) => {
    const input = takesInput ? args[ids] : undefined;
    const options = args[takesInput ? ids + 1 : ids] as RequestOptions | undefined;
    if (operation.pagination)
      return pages(core, operation, words, args.slice(0, ids), input as Record<string, unknown> | undefined, options);
    return request(core, operation, words, { ids: args.slice(0, ids), input }, options);
  };
}
