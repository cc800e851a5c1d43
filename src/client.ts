// createNexorClient: resolves options, builds the request core, and hangs one method per operation on it from the
// generated method tree.
import type { Methods } from "../generated/methods.js";
import { methodTree } from "../generated/operations.js";
import { fetchExchange, fetchTransport, type Transport } from "./core/exchange.js";
import { expand, type MethodTree, type Operation, type OperationEntry } from "./core/operation.js";
import { pages } from "./core/pages.js";
import { type Core, type RequestOptions, request } from "./core/request.js";
import { createSender } from "./core/send.js";
import { wordsFor } from "./core/words.js";
import { ConfigurationError, KEY_HELP } from "./errors.js";
import {
  assertCount,
  assertLimit,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  describeValue,
  isSecure,
  readEnv,
} from "./internal/config.js";
import { createRedactor } from "./internal/redact.js";

/** Options of a client. Every one is optional. */
export interface ClientOptions {
  /** The account's API key (`nxr_live_…`). Default: the NEXOR_API_KEY environment variable. */
  apiKey?: string | undefined;
  /** Default: NEXOR_BASE_URL, then https://api.getnexor.ai/api/public. Plain http only to loopback hosts. */
  baseUrl?: string | undefined;
  /** Deadline of each call in ms, retries and waits included. Default 30 000. */
  timeoutMs?: number | undefined;
  /**
   * Retries of a call: of a provably unprocessed request (refused connection, failed DNS lookup, 429) for every
   * operation, and of 408, 5xx and a connection lost after sending for operations the spec marks idempotent. Default 2.
   */
  maxRetries?: number | undefined;
  /** The fetch to use. Default: the runtime's global fetch; under Node, the package's "node" entry sends through node:http. */
  fetch?: typeof fetch | undefined;
  /** Headers added to every request. */
  headers?: Record<string, string> | undefined;
  /** Check requests against the contract before sending. Default true. */
  validate?: boolean | undefined;
  /**
   * The largest response body read, in bytes after decompression, counted as it arrives: past it the read stops and
   * the call throws ResponseTooLargeError. Default 10 MiB (10,485,760).
   */
  maxResponseBytes?: number | undefined;
}

/** Throws unless option `name` is absent or of the type `type`. */
function assertType(options: ClientOptions, name: keyof ClientOptions, type: "string" | "boolean" | "function" | "object"): void {
  const value = options[name];
  if (value === undefined || (typeof value === type && value !== null)) return;
  throw new ConfigurationError(
    `The ${name} option must be ${type === "object" ? "an object" : `a ${type}`}, got ${describeValue(value, name === "apiKey")}.`,
  );
}

/** A Nexor API client: one method per operation of the spec, grouped by resource (`nexor.leads.tags.add(…)`). */
export interface NexorClient extends Methods {}

/** Creates a client. Throws ConfigurationError, before any request, when the key or base URL cannot be used. */
export function createNexorClient(options: ClientOptions = {}): NexorClient {
  return resources(createCore(options), methodTree) as unknown as NexorClient;
}

/**
 * The request core of a client: options resolved and checked, the key closed over by its sender. Its calls go out
 * through `transport` when given and no fetch is (the Node entry passes node:http), else through fetch.
 */
export function createCore(options: ClientOptions = {}, transport?: Transport): Core {
  if (typeof options !== "object" || options === null)
    throw new ConfigurationError(`createNexorClient takes an options object, got ${describeValue(options)}.`);
  assertType(options, "apiKey", "string");
  assertType(options, "baseUrl", "string");
  assertType(options, "fetch", "function");
  assertType(options, "headers", "object");
  assertType(options, "validate", "boolean");
  // Names in lower case, as the request core sets and overrides them.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== "string")
      throw new ConfigurationError(`The header "${name}" in the headers option must be a string, got ${describeValue(value)}.`);
    headers[name.toLowerCase()] = value;
  }
  const apiKey = (options.apiKey ?? readEnv("NEXOR_API_KEY") ?? "").trim();
  if (!apiKey) {
    throw new ConfigurationError(`Missing Nexor API key: set ${KEY_HELP}.`);
  }
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new ConfigurationError(`The API key has spaces or characters a header cannot carry: check ${KEY_HELP}.`);
  }
  const baseUrl = options.baseUrl ?? (readEnv("NEXOR_BASE_URL") || DEFAULT_BASE_URL);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // "api.getnexor.ai/api/public" is the common slip: a host without its scheme.
    const hint = /^[\w-]+(\.[\w-]+)*(:\d+)?(\/|$)/.test(baseUrl)
      ? ` Add the scheme: "https://${baseUrl}".`
      : " It must start with https://.";
    throw new ConfigurationError(`baseUrl is not a URL: "${baseUrl}".${hint} Check NEXOR_BASE_URL.`);
  }
  // Each operation's path is appended to baseUrl: a query or fragment would swallow it, and credentials in the URL
  // are refused by fetch (and would be printed in errors).
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigurationError("baseUrl must have no credentials, query or fragment. Check NEXOR_BASE_URL.");
  }
  // The key may cross the network only encrypted. "localhost:4010" parses as a URL whose scheme is "localhost:": the
  // same sentence says what is missing.
  if (!isSecure(url)) {
    throw new ConfigurationError(
      `baseUrl "${baseUrl}" must start with https:// (http:// only to localhost, 127.0.0.0/8 and [::1]). Check NEXOR_BASE_URL.`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  assertLimit("timeoutMs", timeoutMs, false);
  assertLimit("maxRetries", maxRetries, true);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  assertCount("maxResponseBytes", maxResponseBytes);
  const redactor = createRedactor(apiKey);
  // A caller's fetch is used as given, and the runtime's (which a test may have replaced) is looked up per call: the
  // sender races the deadline against either, as neither need honour its signal. A transport (node:http under Node)
  // ends a call at its deadline by itself, and is not raced: its rejection says whether a connection existed, which
  // the signal's own reason, winning a race, would hide.
  const exchange = options.fetch ? fetchExchange(options.fetch, maxResponseBytes) : (transport ?? fetchTransport)(maxResponseBytes);
  const send = createSender(apiKey, url.origin, exchange, redactor, maxResponseBytes, !options.fetch && !!transport);
  return { baseUrl: baseUrl.replace(/\/+$/, ""), headers, send, redactor, validate: options.validate ?? true, timeoutMs, maxRetries };
}

/** The methods of `node`, each calling its operation through the core: a node with a route is a method. */
export function resources(core: Core, node: MethodTree): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(node).map(([name, child]) => [
      name,
      typeof child.route === "string" ? method(core, expand(child as OperationEntry)) : resources(core, child as MethodTree),
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
