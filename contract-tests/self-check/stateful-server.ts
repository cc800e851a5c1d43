// A conforming server that remembers what the round trips write: tags, processors with their rules, and the test
// lead's metadata. After a run, its state says whether every round trip undid what it did.
import { randomUUID } from "node:crypto";
import { isObject } from "../support/cases/schema-walk.js";
import { type Answer, jsonReply, type Reply } from "./answering-server.js";
import { conformingAnswer, route } from "./conforming-server.js";

/** What the server holds: what the round trips create, and the test lead's metadata. */
export interface AccountState {
  tags: Map<string, unknown>;
  processors: Map<string, { active: boolean; rules: Set<string> }>;
  leadMetadata: Record<string, unknown>;
}

/** An empty account whose test lead has `metadata`. */
export function account(metadata: Record<string, unknown> = {}): AccountState {
  return { tags: new Map(), processors: new Map(), leadMetadata: { ...metadata } };
}

/**
 * The conforming server for `validKey`, keeping `state` for `leadId`. `failing` names operations answered 500, as a
 * server that cannot delete would, to test that a failed clean-up is reported.
 */
export function statefulAnswer(validKey: string, leadId: string, state: AccountState, failing: string[] = []): Answer {
  const serve = conformingAnswer(validKey);
  return (call) => {
    const reply = serve(call);
    const routed = route(call);
    if (!routed || reply.status < 200 || reply.status > 299) return reply;
    const { operation, path } = routed;
    if (failing.includes(operation.operationId)) return jsonReply(500, { error: "Internal server error" });
    const body = reply.body ? (JSON.parse(reply.body) as unknown) : undefined;
    const sent = call.body ? (JSON.parse(call.body) as Record<string, unknown>) : {};
    const [first, second] = operation.pathParams.map((parameter) => path[parameter.name]!);
    const notFound = jsonReply(404, { error: "Not found", message: "Not found or does not belong to your account" });
    const processor = first === undefined ? undefined : state.processors.get(first);
    switch (operation.operationId) {
      case "createTag": {
        const id = randomUUID();
        state.tags.set(id, sent);
        return withId(reply, body, id);
      }
      case "updateTag":
        return state.tags.has(first!) ? reply : notFound;
      case "deleteTag":
        return state.tags.delete(first!) ? reply : notFound;
      case "createProcessor": {
        const id = randomUUID();
        state.processors.set(id, { active: true, rules: new Set() });
        return withId(reply, body, id);
      }
      case "getProcessor":
      case "reorderProcessorRules":
        return processor ? reply : notFound;
      case "deleteProcessor":
        if (!processor) return notFound;
        processor.active = false;
        return reply;
      case "createProcessorRule": {
        if (!processor) return notFound;
        const id = randomUUID();
        processor.rules.add(id);
        return withId(reply, body, id);
      }
      case "updateProcessorRule":
        return processor?.rules.has(second!) ? reply : notFound;
      case "deleteProcessorRule":
        return processor?.rules.delete(second!) ? reply : notFound;
      case "getLead":
        return first === leadId ? jsonReply(reply.status, withMetadata(body, state.leadMetadata)) : reply;
      case "updateLead":
        if (first === leadId && isObject(sent.metadata)) Object.assign(state.leadMetadata, sent.metadata);
        return first === leadId ? jsonReply(reply.status, withMetadata(body, state.leadMetadata)) : reply;
      default:
        return reply;
    }
  };
}

// The reply with the first `id` it holds replaced: what the server created.
function withId(reply: Reply, body: unknown, id: string): Reply {
  let done = false;
  const replace = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(replace);
    if (!isObject(node)) return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        if (key === "id" && !done && typeof value === "string") {
          done = true;
          return [key, id];
        }
        return [key, replace(value)];
      }),
    );
  };
  return jsonReply(reply.status, replace(body));
}

// The body with every `metadata` object replaced by the lead's current one.
function withMetadata(body: unknown, metadata: Record<string, unknown>): unknown {
  if (Array.isArray(body)) return body.map((item) => withMetadata(item, metadata));
  if (!isObject(body)) return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, key === "metadata" ? { ...metadata } : withMetadata(value, metadata)]),
  );
}
