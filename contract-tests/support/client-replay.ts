// A contract case made through the toolkit's own client, without a second request: the case's method is called with
// the case's ids, body or query, and the client's `fetch` is a replay that hands back the answer the server already
// gave the suite. One call yields what the client would have sent, what it refused before sending, and what it made
// of the server's real answer; the server is reached once, by the suite, whatever the case may do to a person.
import { AsyncLocalStorage } from "node:async_hooks";
import { type ClientOptions, createNexorClient, type NexorClient } from "../../src/index.js";
import type { ContractCase } from "./cases/contract-case.js";
import { fromWire } from "./cases/values.js";
import type { ClientOutcome } from "./checks/types.js";
import { documentedValidatorAt } from "./documented.js";
import type { OutgoingRequest, ReceivedResponse } from "./http.js";
import { atPointer, operationById } from "./operations.js";
import type { Target } from "./target.js";

/** Makes the client a case is replayed through; the self-check passes one with a planted disagreement. */
export type ClientFactory = (options: ClientOptions) => NexorClient;

/** Stands in for a key in a case sent without one: the client needs a key to be made, and this one never leaves. */
const absentKey = "nxr_live_replay_without_a_key";

// Headers that describe the bytes on the wire, not the text replayed: the body is handed back decoded.
const wireHeaders = new Set(["content-encoding", "content-length", "transfer-encoding"]);

/** The fetch of the call in progress: each call's own replay, however calls of one shared client interleave. */
const currentFetch = new AsyncLocalStorage<typeof fetch>();
const routed: typeof fetch = (input, init) => {
  const replay = currentFetch.getStore();
  return replay ? replay(input, init) : Promise.reject(new TypeError("a replayed client was called outside its replay"));
};

// One client per factory and settings, made once: making one per case would cost more than the call itself. Its fetch
// is the replay of whichever call is running. At most `maxClients` per factory (an invalid-key case brings a new key).
const clients = new WeakMap<ClientFactory, Map<string, NexorClient>>();
const maxClients = 64;

function clientOf(factory: ClientFactory, options: ClientOptions): NexorClient {
  const made = clients.get(factory) ?? new Map<string, NexorClient>();
  clients.set(factory, made);
  const key = JSON.stringify([options.apiKey, options.baseUrl, options.timeoutMs]);
  let client = made.get(key);
  if (!client) {
    if (made.size >= maxClients) made.clear();
    client = factory({ ...options, fetch: routed, maxRetries: 0, validate: true });
    made.set(key, client);
  }
  return client;
}

/** The client method of an operation, as the spec's `x-nexor-method` names it (`leads.tags.add`); undefined when it has none. */
export function clientMethodOf(operationId: string): string | undefined {
  const method = (atPointer(operationById(operationId).pointer) as Record<string, unknown>)["x-nexor-method"];
  return typeof method === "string" ? method : undefined;
}

/** The arguments of the case's method call: the path ids in order, then the parsed body or the typed query. */
function argumentsOf(contractCase: ContractCase): unknown[] | undefined {
  const operation = operationById(contractCase.operationId);
  const ids = operation.pathParams.map((parameter) => contractCase.path[parameter.name]);
  if (operation.body) {
    if (contractCase.body === undefined) return [...ids, undefined];
    try {
      return [...ids, JSON.parse(contractCase.body)];
    } catch {
      // A body that is not JSON on purpose: no call of a method can send it.
      return undefined;
    }
  }
  if (!operation.queryParams.length) return ids;
  const query: Record<string, unknown> = {};
  for (const parameter of operation.queryParams) {
    const texts = contractCase.query.filter(([name]) => name === parameter.name).map(([, value]) => value);
    if (!texts.length) continue;
    // `status=` is how form style writes an empty array, which the client writes the same way: not one empty item.
    const emptyList = [parameter.schema.type].flat().includes("array") && texts.length === 1 && texts[0] === "";
    query[parameter.name] = emptyList ? [] : fromWire(parameter, texts);
  }
  return [...ids, query];
}

/** The function `path` names on the client (`leads.tags.add`). */
function methodAt(client: NexorClient, path: string): ((...args: unknown[]) => Promise<unknown>) | undefined {
  const found = path.split(".").reduce<unknown>((node, name) => (node as Record<string, unknown> | undefined)?.[name], client);
  return typeof found === "function" ? (found as (...args: unknown[]) => Promise<unknown>) : undefined;
}

/**
 * The case made through `factory`'s client with the server's `response` replayed to it. Undefined when no method
 * call can make the case: the operation has no client method, or the body is not JSON.
 */
export async function throughClient(
  target: Pick<Target, "baseUrl" | "apiKey" | "timeoutMs">,
  contractCase: ContractCase,
  request: OutgoingRequest,
  response: ReceivedResponse,
  factory: ClientFactory = createNexorClient,
): Promise<ClientOutcome | undefined> {
  const method = clientMethodOf(contractCase.operationId);
  const args = argumentsOf(contractCase);
  // The Response constructor takes 200 to 599; anything else cannot be replayed.
  if (method === undefined || args === undefined || response.status < 200 || response.status > 599) return undefined;
  const outcome: ClientOutcome = { method, settled: { data: undefined } };
  const replay = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // A second request of one call (a retry, a redirect) has no recorded answer; it fails as a lost connection would.
    if (outcome.sent) throw new TypeError("the replay holds one answer, and the client asked a second time");
    const key = request.headers["x-api-key"];
    outcome.sent = {
      method: init?.method ?? "GET",
      url: String(input),
      ...(typeof init?.body === "string" && { body: init.body }),
      // Compared here, so that the key itself is not kept: a case sent without one is made with a stand-in.
      sameKey: key === undefined || new Headers(init?.headers).get("x-api-key") === key,
    };
    const headers = Object.entries(response.headers).filter(([name]) => !wireHeaders.has(name));
    const empty = response.status === 204 || response.status === 205 || response.status === 304;
    return new Response(empty ? null : response.body, { status: response.status, headers });
  };
  const apiKey =
    contractCase.credentials === "valid"
      ? target.apiKey
      : contractCase.credentials === "invalid"
        ? request.headers["x-api-key"]!
        : absentKey;
  let call: ReturnType<typeof methodAt>;
  try {
    // Made inside: a client that cannot be made for these settings is an outcome to judge, not a crash of the run.
    call = methodAt(clientOf(factory, { apiKey, baseUrl: target.baseUrl, timeoutMs: target.timeoutMs }), method);
    const found = call;
    if (!found) throw new TypeError(`the client has no method ${method}`);
    outcome.settled = { data: await currentFetch.run(replay, () => found(...args)) };
  } catch (error) {
    outcome.settled = { error };
  }
  const rest = outcome.sent ? undefined : withoutFailingItems(contractCase.operationId, args);
  if (rest) {
    // Whether the client would send the items the server does not fail, with a fetch that answers nothing: reaching
    // it is the answer, and nothing leaves.
    let reached = false;
    const unreachable = async (): Promise<Response> => {
      reached = true;
      throw new TypeError("the client's validation passed; nothing is sent");
    };
    await currentFetch.run(unreachable, async () => call?.(...rest)).catch(() => undefined);
    outcome.restSent = reached;
  }
  return outcome;
}

/**
 * The arguments with the array body's items that the docs say fail alone (`x-nexor-bulk` with `partial`: an item
 * that breaks a documented rule) taken out; undefined when the body is no such array or no item is taken out.
 */
function withoutFailingItems(operationId: string, args: unknown[]): unknown[] | undefined {
  const operation = operationById(operationId);
  const body = args.at(-1);
  if (!operation.bulk?.partial || !operation.body || !Array.isArray(body)) return undefined;
  const array = operation.body.variants.find((variant) => (atPointer(variant.pointer) as { type?: unknown }).type === "array");
  if (!array) return undefined;
  const valid = documentedValidatorAt(`${array.pointer}/items`);
  const kept = body.filter((item) => valid(item));
  return kept.length === body.length || kept.length === 0 ? undefined : [...args.slice(0, -1), kept];
}
