// Servers that each break one promise of the contract, and the checks that must report it. Each is the conforming
// server with one thing changed, for every operation or for the operations named, so that a report naming any
// other check would be a false alarm.
import { documentedResponse, validatorAt } from "../../test/support/spec.js";
import type { CaseKind } from "../support/cases/contract-case.js";
import { bodyMutations } from "../support/cases/mutations.js";
import { seededRandom } from "../support/cases/random.js";
import type { CheckName } from "../support/checks/types.js";
import { type Operation, operations } from "../support/operations.js";
import { type Answer, type IncomingCall, jsonReply, type Reply } from "./answering-server.js";
import { conformingAnswer, route, successReply } from "./conforming-server.js";

/** A server that breaks one promise, the checks that must name it, and text the report must contain. */
export interface BrokenServer {
  breaks: string;
  expected: CheckName[];
  /** Fragments a person needs to find the problem: the schema keyword, the status, the media type. */
  reportMentions: string[];
  /** The kind of case whose answer it breaks: an operation without such cases cannot show the break. */
  needs: CaseKind;
  /** The operations it breaks the promise on, when not every one can show it. */
  breaksOn?(operation: Operation): boolean;
  answer(validKey: string): Answer;
}

const isSuccess = (reply: Reply) => reply.status >= 200 && reply.status < 300;
// How the conforming server turns away a request the contract rules out (a 401 is the auth cases' own).
const rejected = (reply: Reply) => reply.status >= 400 && reply.status < 500 && reply.status !== 401;

// The conforming server with its reply changed after the fact, on the operations `on` names.
function replying(change: (reply: Reply, call: IncomingCall, operation: Operation) => Reply, on?: (operation: Operation) => boolean) {
  return (validKey: string): Answer => {
    const serve = conformingAnswer(validKey);
    return (call) => {
      const reply = serve(call);
      const operation = route(call)?.operation;
      return operation && (!on || on(operation)) ? change(reply, call, operation) : reply;
    };
  };
}

// The conforming server with the request changed before it is judged.
function hearing(change: (call: IncomingCall, validKey: string) => IncomingCall, on?: (operation: Operation) => boolean) {
  return (validKey: string): Answer => {
    const serve = conformingAnswer(validKey);
    return (call) => {
      const operation = route(call)?.operation;
      return serve(operation && (!on || on(operation)) ? change(call, validKey) : call);
    };
  };
}

const random = seededRandom(7);

/**
 * A 2xx body with one field set to a value of the wrong type: the first field the documented schema types, among
 * those under `within` (a path prefix), or the whole body when no field is typed.
 */
export function wrongTypeBody(operation: Operation, reply: Reply, within: Array<string | number> = []): unknown {
  const body = JSON.parse(reply.body) as unknown;
  const documented = documentedResponse(operation.operationId, reply.status)!;
  const pointer = `${documented.pointer}/content/application~1json/schema`;
  const prefix = `type body /${within.map((part) => (typeof part === "number" ? "*" : part)).join("/")}`;
  const candidates = bodyMutations(body, pointer).filter((mutation) => mutation.keyword === "type" && mutation.rule.startsWith(prefix));
  // Nested fields first; a field whose schema accepts every type (an open bulk answer, say) is passed over.
  for (const mutation of [...candidates.filter((candidate) => candidate.rule !== "type body /"), ...candidates]) {
    const broken = mutation.apply(random)!.value;
    if (!validatorAt(pointer)(broken)) return broken;
  }
  return undefined;
}

/** Whether an operation's first documented success can be given a field of the wrong type. */
export function hasTypedSuccess(operation: Operation): boolean {
  const reply = successReply(operation, "");
  return Boolean(reply.body) && wrongTypeBody(operation, reply) !== undefined;
}

/** The operations with a paged list (`x-nexor-pagination`). */
export const pagesAList = (operation: Operation) => operation.pagination !== undefined;

/** A GET: a read. */
const reads = (operation: Operation) => operation.method === "GET";

/** The first operation outside Messages that takes a body and documents a 400 for one it rules out. */
export const nonMessageWrite = (operation: Operation) =>
  operation.operationId ===
  operations.find((candidate) => candidate.tag !== "Messages" && candidate.body && candidate.responses.includes("400"))?.operationId;

/** Every broken server; between them they make every check fail that a server can break. */
export const brokenServers: BrokenServer[] = [
  {
    // It also echoes the key it was sent, as a careless server might: the report must hide it.
    breaks: "a field of the wrong type",
    needs: "positive",
    expected: ["response_schema_conformance"],
    reportMentions: ["does not match the schema documented for 2", "must be"],
    breaksOn: hasTypedSuccess,
    answer: replying((reply, call, operation) => {
      if (!isSuccess(reply) || !reply.body) return reply;
      const broken = wrongTypeBody(operation, reply);
      if (broken === undefined) return reply;
      const echoed =
        broken && typeof broken === "object" && !Array.isArray(broken) ? { ...broken, received_key: call.headers["x-api-key"] } : broken;
      return jsonReply(reply.status, echoed);
    }, hasTypedSuccess),
  },
  {
    breaks: "an undocumented status",
    needs: "positive",
    expected: ["status_code_conformance"],
    reportMentions: ["299 is not documented for"],
    // An operation that documents a range (2XX) leaves no success status undocumented.
    breaksOn: (operation) => !operation.responses.includes("2XX"),
    answer: replying(
      (reply) => (isSuccess(reply) ? { ...reply, status: 299 } : reply),
      (operation) => !operation.responses.includes("2XX"),
    ),
  },
  {
    breaks: "text/html instead of JSON",
    needs: "positive",
    expected: ["content_type_conformance"],
    reportMentions: ["served as text/html; charset=utf-8; the contract documents application/json for 2"],
    answer: replying((reply) =>
      isSuccess(reply) && reply.body
        ? { status: reply.status, headers: { "content-type": "text/html; charset=utf-8" }, body: "<p>Done</p>" }
        : reply,
    ),
  },
  {
    breaks: "a 2xx for an invalid request",
    needs: "negative",
    expected: ["negative_data_rejection"],
    reportMentions: ["a request the contract rules out (documented: ", "; the contract promises a 4xx"],
    answer: (validKey) => {
      const serve = conformingAnswer(validKey);
      return (call) => {
        const reply = serve(call);
        // What it answers a valid request: the documented success, with the ids of the response example.
        return rejected(reply) ? successReply(route(call)!.operation, "") : reply;
      };
    },
  },
  {
    breaks: "a 4xx the contract does not document for an invalid request",
    needs: "negative",
    expected: ["status_code_conformance"],
    reportMentions: ["418 is not documented for"],
    answer: replying((reply) => (rejected(reply) ? { ...reply, status: 418 } : reply)),
  },
  {
    breaks: "a 2xx without a key",
    needs: "auth",
    expected: ["ignored_auth"],
    reportMentions: ["a request without an X-API-Key was answered 2", "; the contract promises 401"],
    answer: hearing((call, validKey) => ({ ...call, headers: { ...call.headers, "x-api-key": call.headers["x-api-key"] ?? validKey } })),
  },
  {
    // Like Prism, it checks only that a key is present.
    breaks: "a 2xx for any key",
    needs: "auth",
    expected: ["ignored_auth"],
    reportMentions: ["a request with an invalid X-API-Key was answered 2", "; the contract promises 401"],
    answer: hearing((call, validKey) => ({
      ...call,
      headers: { ...call.headers, ...(call.headers["x-api-key"] && { "x-api-key": validKey }) },
    })),
  },
  {
    // It echoes the key it was sent, which for the invalid-key case is shaped like a real one: the report must hide it.
    breaks: "a 401 with the wrong body shape",
    needs: "auth",
    expected: ["response_schema_conformance"],
    reportMentions: ["#/components/schemas/ErrorResponse/required", "must have required property 'error'"],
    answer: replying((reply, call) =>
      reply.status === 401 ? jsonReply(401, { message: "Unauthorized", key: call.headers["x-api-key"] ?? null }) : reply,
    ),
  },
  {
    breaks: "a 401 without the documented body",
    needs: "auth",
    expected: ["ignored_auth"],
    reportMentions: ['answered 401 without the documented body {"error":"Missing API key"'],
    answer: replying((reply) => (reply.status === 401 ? jsonReply(401, { error: "Unauthorized" }) : reply)),
  },
  {
    breaks: "a 500 for a valid request",
    needs: "positive",
    expected: ["not_a_server_error"],
    reportMentions: ["the server failed with 500"],
    answer: replying((reply) => (isSuccess(reply) ? jsonReply(500, { error: "Internal server error" }) : reply)),
  },
  {
    breaks: "a 400 for a valid request",
    needs: "positive",
    expected: ["positive_data_acceptance"],
    reportMentions: ["a request the contract allows was answered 4", "; the contract promises 2xx"],
    // With a status the operation documents, so that only the promise to accept it is broken.
    answer: replying((reply, _call, operation) => {
      if (!isSuccess(reply)) return reply;
      const status = ["400", "422", "404", "409", "401"].find((candidate) => operation.responses.includes(candidate))!;
      return jsonReply(Number(status), { error: "Validation error", message: "rejected" });
    }),
  },
  {
    // One operation only, outside Messages: the documented negatives of every operation are held, not just /messages'.
    breaks: "a 2xx for a documented-invalid body of one write outside Messages",
    needs: "negative",
    expected: ["negative_data_rejection"],
    reportMentions: ["a request the contract rules out (documented: ", "; the contract promises a 4xx"],
    breaksOn: nonMessageWrite,
    answer: (validKey) => {
      const serve = conformingAnswer(validKey);
      return (call) => {
        const reply = serve(call);
        const operation = route(call)?.operation;
        return operation && nonMessageWrite(operation) && rejected(reply) ? successReply(operation, "") : reply;
      };
    },
  },
  {
    breaks: "a 2xx without a key on every read",
    needs: "auth",
    expected: ["ignored_auth"],
    reportMentions: ["a request without an X-API-Key was answered 200; the contract promises 401"],
    breaksOn: reads,
    answer: hearing(
      (call, validKey) => ({ ...call, headers: { ...call.headers, "x-api-key": call.headers["x-api-key"] ?? validKey } }),
      reads,
    ),
  },
  {
    breaks: "an item of a list page of the wrong type",
    needs: "positive",
    expected: ["response_schema_conformance"],
    reportMentions: ["does not match the schema documented for 200"],
    breaksOn: pagesAList,
    answer: replying(
      (reply, _call, operation) =>
        isSuccess(reply) && reply.body
          ? jsonReply(reply.status, wrongTypeBody(operation, reply, [operation.pagination!.items, 0]) ?? JSON.parse(reply.body))
          : reply,
      pagesAList,
    ),
  },
  {
    breaks: "JSON that does not parse",
    needs: "positive",
    expected: ["response_schema_conformance"],
    reportMentions: ["body is served as JSON but does not parse"],
    answer: replying((reply) => (isSuccess(reply) && reply.body ? { ...reply, body: reply.body.slice(0, -1) } : reply)),
  },
];
