// Servers that each break one promise of the contract, and the checks that must report it. Each is the conforming
// server with one thing changed, so that a report naming any other check would be a false alarm.

import { responseExamples } from "../../test/support/spec.js";
import { operationId } from "../support/cases/plan.js";
import type { CheckName } from "../support/checks/types.js";
import { type Answer, type IncomingCall, jsonReply, type Reply } from "./answering-server.js";
import { conformingAnswer } from "./conforming-server.js";

/** A server that breaks one promise, the checks that must name it, and text the report must contain. */
export interface BrokenServer {
  breaks: string;
  expected: CheckName[];
  /** Fragments a person needs to find the problem: the schema keyword, the status, the media type. */
  reportMentions: string[];
  answer(validKey: string): Answer;
}

// The conforming server with its reply changed after the fact.
function replying(change: (reply: Reply, call: IncomingCall) => Reply): BrokenServer["answer"] {
  return (validKey) => {
    const serve = conformingAnswer(validKey);
    return (call) => change(serve(call), call);
  };
}

// The conforming server with the request changed before it is judged.
function hearing(change: (call: IncomingCall, validKey: string) => IncomingCall): BrokenServer["answer"] {
  return (validKey) => {
    const serve = conformingAnswer(validKey);
    return (call) => serve(change(call, validKey));
  };
}

const sentExample = () => Object.values(responseExamples(operationId, "200"))[0];

/** Every broken server; between them they make every check that a server can break fail. */
export const brokenServers: BrokenServer[] = [
  {
    // It also echoes the key it was sent, as a careless server might: the report must hide it.
    breaks: "a field of the wrong type",
    expected: ["response_schema_conformance"],
    reportMentions: ["#/components/schemas/MessageSentFields/properties/success/type", "/success: must be boolean"],
    answer: replying((reply, call) =>
      reply.status === 200
        ? jsonReply(200, { ...JSON.parse(reply.body), success: "true", received_key: call.headers["x-api-key"] })
        : reply,
    ),
  },
  {
    breaks: "an undocumented status",
    expected: ["status_code_conformance"],
    reportMentions: ["201 is not documented for POST /messages (documented: 200, 400, 401, 404, 500)"],
    answer: replying((reply) => (reply.status === 200 ? { ...reply, status: 201 } : reply)),
  },
  {
    breaks: "text/html instead of JSON",
    expected: ["content_type_conformance"],
    reportMentions: ["served as text/html; charset=utf-8; the contract documents application/json for 200"],
    answer: replying((reply) =>
      reply.status === 200 ? { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: "<p>Message sent</p>" } : reply,
    ),
  },
  {
    breaks: "a 200 for an invalid body",
    expected: ["negative_data_rejection"],
    reportMentions: ["a body the contract rules out (documented) was answered 200; the contract promises a 4xx"],
    answer: replying((reply) => (reply.status === 400 ? jsonReply(200, sentExample()) : reply)),
  },
  {
    breaks: "a 4xx the contract does not document for an invalid body",
    expected: ["status_code_conformance"],
    reportMentions: ["422 is not documented for POST /messages"],
    answer: replying((reply) => (reply.status === 400 ? { ...reply, status: 422 } : reply)),
  },
  {
    breaks: "a 200 without a key",
    expected: ["ignored_auth"],
    reportMentions: ["a request without an X-API-Key was answered 200; the contract promises 401"],
    answer: hearing((call, validKey) => ({ ...call, headers: { ...call.headers, "x-api-key": call.headers["x-api-key"] ?? validKey } })),
  },
  {
    // Like Prism, it checks only that a key is present.
    breaks: "a 200 for any key",
    expected: ["ignored_auth"],
    reportMentions: ["a request with an invalid X-API-Key was answered 200; the contract promises 401"],
    answer: hearing((call, validKey) => ({
      ...call,
      headers: { ...call.headers, ...(call.headers["x-api-key"] && { "x-api-key": validKey }) },
    })),
  },
  {
    // It echoes the key it was sent, which for the invalid-key case is shaped like a real one: the report must hide it.
    breaks: "a 401 with the wrong body shape",
    expected: ["response_schema_conformance"],
    reportMentions: ["#/components/schemas/ErrorResponse/required", "must have required property 'error'"],
    answer: replying((reply, call) =>
      reply.status === 401 ? jsonReply(401, { message: "Unauthorized", key: call.headers["x-api-key"] ?? null }) : reply,
    ),
  },
  {
    breaks: "a 401 without the documented body",
    expected: ["ignored_auth"],
    reportMentions: ['answered 401 without the documented body {"error":"Missing API key"'],
    answer: replying((reply) => (reply.status === 401 ? jsonReply(401, { error: "Unauthorized" }) : reply)),
  },
  {
    breaks: "a 500 for a valid send",
    expected: ["not_a_server_error"],
    reportMentions: ["the server failed with 500"],
    answer: replying((reply) => (reply.status === 200 ? jsonReply(500, { error: "Internal server error" }) : reply)),
  },
  {
    breaks: "a 400 for a valid template send",
    expected: ["positive_data_acceptance"],
    reportMentions: ["a body the contract allows was answered 400; the contract promises 2xx"],
    answer: replying((reply, call) =>
      reply.status === 200 && call.body.includes('"template_id"')
        ? jsonReply(400, { error: "Validation error", message: "template not found" })
        : reply,
    ),
  },
  {
    breaks: "JSON that does not parse",
    expected: ["response_schema_conformance"],
    reportMentions: ["the 200 body is served as JSON but does not parse"],
    answer: replying((reply) => (reply.status === 200 ? { ...reply, body: reply.body.slice(0, -1) } : reply)),
  },
];
