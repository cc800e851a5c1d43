// Every failure is a typed NexorError that says what to do, and one the server may have acted on says so. A
// hand-made operation that is not idempotent (POST /notes) stands for any operation.
import type { ServerResponse } from "node:http";
import { assert, describe, expect } from "vitest";
import type { Operation } from "../src/core/operation.js";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  MessageNotSentError,
  NexorError,
  NotFoundError,
  PermissionDeniedError,
  UnexpectedResponseError,
  UnsuccessfulResponseError,
} from "../src/index.js";
import { type Serve, test } from "./support/fixtures.js";
import { json } from "./support/local-server.js";
import { callOperation, operation } from "./support/operations.js";

const createNote = operation({ path: "/notes", body: "required" });

/** Calls `op` through a server answering with `answer`: the call, and the server to count what it received. */
async function answered(serve: Serve, answer: (response: ServerResponse) => void, op: Operation = createNote) {
  const server = await serve((_request, response) => answer(response));
  return { server, calling: callOperation(op, { baseUrl: server.url, maxRetries: 2 }, { ids: [], input: { text: "Called back" } }) };
}

describe("documented error statuses", () => {
  test("400 is a BadRequestError that carries Nexor's message naming the field", async ({ serve }) => {
    const { calling } = await answered(serve, (response) =>
      json(response, 400, { error: "Validation error", message: "lead_id is required" }, { "x-request-id": "req-400" }),
    );
    await expect(calling).rejects.toBeInstanceOf(BadRequestError);
    await expect(calling).rejects.toMatchObject({
      name: "BadRequestError",
      status: 400,
      body: { error: "Validation error", message: "lead_id is required" },
      requestId: "req-400",
      mayHaveBeenProcessed: false,
    });
    await expect(calling).rejects.toThrow("lead_id is required");
    await expect(calling).rejects.toThrow("Nothing was done: fix what it names");
  });

  test.for([
    ["missing", { error: "Missing API key", message: "Please provide your API key in the X-API-Key header" }],
    ["invalid", { error: "Invalid API key", message: "The provided API key is not valid" }],
  ] as const)("401 (%s key) is an AuthenticationError pointing to NEXOR_API_KEY and the dashboard", async ([, body], { serve }) => {
    const { calling } = await answered(serve, (response) => json(response, 401, body));
    await expect(calling).rejects.toBeInstanceOf(AuthenticationError);
    await expect(calling).rejects.toMatchObject({ name: "AuthenticationError", status: 401, mayHaveBeenProcessed: false });
    await expect(calling).rejects.toThrow(body.error);
    await expect(calling).rejects.toThrow("NEXOR_API_KEY");
    await expect(calling).rejects.toThrow("Integrations");
  });

  test("403 is a PermissionDeniedError telling to use a key that may do it, or the operation's hint", async ({ serve }) => {
    const forbidden = (response: ServerResponse) => json(response, 403, { error: "Forbidden", message: "Missing scope leads:write" });
    const generic = (await answered(serve, forbidden)).calling;
    await expect(generic).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(generic).rejects.toMatchObject({ name: "PermissionDeniedError", status: 403, mayHaveBeenProcessed: false });
    await expect(generic).rejects.toThrow(
      "Nexor answered 403 (Forbidden: Missing scope leads:write). Use a REST key (full access), or one with the scope named.",
    );
    const hinted = (await answered(serve, forbidden, operation({ hints: { "403": "Use a key with the leads:write scope." } }))).calling;
    await expect(hinted).rejects.toThrow(/Missing scope leads:write\)\. Use a key with the leads:write scope\.$/);
  });

  test("404 is a NotFoundError with the operation's hint when it has one, else a generic sentence", async ({ serve }) => {
    const missing = (response: ServerResponse) => json(response, 404, { error: "Not found", message: "Lead not found" });
    const hinted = (await answered(serve, missing, operation({ hints: { "404": "Check that the lead id exists." } }))).calling;
    await expect(hinted).rejects.toBeInstanceOf(NotFoundError);
    await expect(hinted).rejects.toMatchObject({ name: "NotFoundError", status: 404, mayHaveBeenProcessed: false });
    await expect(hinted).rejects.toThrow(/^Nexor answered 404 \(Not found: Lead not found\)\. Check that the lead id exists\.$/);
    const generic = (await answered(serve, missing)).calling;
    await expect(generic).rejects.toBeInstanceOf(NotFoundError);
    await expect(generic).rejects.toThrow(
      /^Nexor answered 404 \(Not found: Lead not found\)\. Check that the ids in the request exist in this API key's account\.$/,
    );
  });

  test("409 is a ConflictError saying nothing was changed", async ({ serve }) => {
    const { calling } = await answered(serve, (response) => json(response, 409, { error: "Conflict", message: "Tag slug already exists" }));
    await expect(calling).rejects.toBeInstanceOf(ConflictError);
    await expect(calling).rejects.toMatchObject({ name: "ConflictError", status: 409, mayHaveBeenProcessed: false });
    await expect(calling).rejects.toThrow("Tag slug already exists");
    await expect(calling).rejects.toThrow("nothing was changed");
  });

  test("500 is an InternalServerError, sent exactly once, that warns the request may have been processed", async ({ serve }) => {
    const { server, calling } = await answered(serve, (response) => json(response, 500, { error: "Internal server error" }));
    await expect(calling).rejects.toBeInstanceOf(InternalServerError);
    await expect(calling).rejects.toMatchObject({ name: "InternalServerError", status: 500, mayHaveBeenProcessed: true });
    await expect(calling).rejects.toThrow("not retried");
    await expect(calling).rejects.toThrow("may already have acted on it");
    expect(server.requests).toHaveLength(1);
  });

  test("an undocumented status with Nexor's error body is a plain APIError", async ({ serve }) => {
    const { calling } = await answered(serve, (response) => json(response, 418, { error: "I am a teapot" }));
    const error = await calling.catch((thrown: unknown) => thrown);
    assert.instanceOf(error, APIError);
    expect(error.constructor).toBe(APIError);
    expect(error).toMatchObject({ name: "APIError", status: 418 });
  });

  test("the request id is read from request-id when there is no x-request-id", async ({ serve }) => {
    const { calling } = await answered(serve, (response) => json(response, 404, { error: "Not found" }, { "request-id": "req-plain" }));
    await expect(calling).rejects.toMatchObject({ name: "NotFoundError", requestId: "req-plain" });
  });
});

describe("answers the client cannot read", () => {
  test("a proxy's HTML 502 is an UnexpectedResponseError, sent once, with an excerpt", async ({ serve }) => {
    const { server, calling } = await answered(serve, (response) =>
      response.writeHead(502, { "content-type": "text/html" }).end("<html><body>502 Bad Gateway</body></html>"),
    );
    await expect(calling).rejects.toBeInstanceOf(UnexpectedResponseError);
    await expect(calling).rejects.toMatchObject({ name: "UnexpectedResponseError", status: 502, mayHaveBeenProcessed: true });
    await expect(calling).rejects.toThrow("502 Bad Gateway");
    expect(server.requests).toHaveLength(1);
  });

  test("invalid JSON with a 200 is an UnexpectedResponseError saying the request may have been processed", async ({ serve }) => {
    const { calling } = await answered(serve, (response) =>
      response.writeHead(200, { "content-type": "application/json" }).end('{"success":tr'),
    );
    await expect(calling).rejects.toBeInstanceOf(UnexpectedResponseError);
    await expect(calling).rejects.toMatchObject({ name: "UnexpectedResponseError", mayHaveBeenProcessed: true });
    await expect(calling).rejects.toThrow("not a JSON object");
  });

  test("an empty 200 is an UnexpectedResponseError", async ({ serve }) => {
    const { calling } = await answered(serve, (response) => response.writeHead(200).end());
    await expect(calling).rejects.toBeInstanceOf(UnexpectedResponseError);
    await expect(calling).rejects.toThrow("empty body");
  });

  test("an empty 500 is an UnexpectedResponseError, not a silent success", async ({ serve }) => {
    const { calling } = await answered(serve, (response) => response.writeHead(500).end());
    await expect(calling).rejects.toBeInstanceOf(UnexpectedResponseError);
    await expect(calling).rejects.toMatchObject({ name: "UnexpectedResponseError", status: 500, mayHaveBeenProcessed: true });
  });

  test("a 3xx without a Location is an UnexpectedResponseError that may hide a processed request", async ({ serve }) => {
    const { calling } = await answered(serve, (response) => response.writeHead(302).end());
    await expect(calling).rejects.toBeInstanceOf(UnexpectedResponseError);
    await expect(calling).rejects.toMatchObject({ name: "UnexpectedResponseError", status: 302, mayHaveBeenProcessed: true });
  });

  test("a 400 whose JSON is not Nexor's error shape is an UnexpectedResponseError", async ({ serve }) => {
    const { calling } = await answered(serve, (response) => json(response, 400, { error: { code: "invalid_json" } }));
    await expect(calling).rejects.toBeInstanceOf(UnexpectedResponseError);
    await expect(calling).rejects.toMatchObject({ name: "UnexpectedResponseError", status: 400, mayHaveBeenProcessed: false });
  });
});

describe("a 2xx whose success flag is false", () => {
  const flagged = (hints?: Record<string, string>) => operation({ successFlag: "done", hints });

  test("is an UnsuccessfulResponseError carrying the body, not retried, with the operation's hint or a generic one", async ({ serve }) => {
    const notDone = (response: ServerResponse) => json(response, 200, { done: false, reason: "quota" });
    const generic = await answered(serve, notDone, flagged());
    await expect(generic.calling).rejects.toBeInstanceOf(UnsuccessfulResponseError);
    await expect(generic.calling).rejects.toMatchObject({
      name: "UnsuccessfulResponseError",
      status: 200,
      body: { done: false, reason: "quota" },
      mayHaveBeenProcessed: false,
    });
    await expect(generic.calling).rejects.toThrow(
      /done is false: the request was not carried out, and not retried\. Check why before sending it again\.$/,
    );
    expect(generic.server.requests).toHaveLength(1);
    const hinted = await answered(serve, notDone, flagged({ unsuccessful: "Check the quota." }));
    await expect(hinted.calling).rejects.toThrow(/not carried out, and not retried\. Check the quota\.$/);
  });

  test.for([
    ["true", { done: true }],
    ["absent", { id: "n-1" }],
  ] as const)("is a success when the flag is %s", async ([, body], { serve }) => {
    const { calling } = await answered(serve, (response) => json(response, 200, body), flagged());
    await expect(calling).resolves.toEqual(body);
  });
});

describe("error objects", () => {
  test("serialise to JSON with their name, message and fields", async ({ serve }) => {
    const { calling } = await answered(serve, (response) => json(response, 404, { error: "Not found" }));
    const error = await calling.catch((thrown: unknown) => thrown);
    assert.instanceOf(error, NotFoundError);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "NotFoundError",
      message: error.message,
      status: 404,
      body: { error: "Not found" },
      mayHaveBeenProcessed: false,
    });
    expect(String(error)).toBe(`NotFoundError: ${error.message}`);
  });

  test.for([
    ["a 500", 500, true],
    ["a 404", 404, false],
  ] as const)("mayHaveBeenSent, deprecated, still says what mayHaveBeenProcessed says (%s)", async ([, status, processed], { serve }) => {
    const { calling } = await answered(serve, (response) => json(response, status, { error: "Failed" }));
    await expect(calling).rejects.toMatchObject({ mayHaveBeenProcessed: processed, mayHaveBeenSent: processed });
  });

  test("MessageNotSentError, deprecated, is UnsuccessfulResponseError", () => {
    expect(MessageNotSentError).toBe(UnsuccessfulResponseError);
  });

  test.for(
    [
      BadRequestError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      ConflictError,
      InternalServerError,
      UnexpectedResponseError,
      UnsuccessfulResponseError,
    ].map((ErrorClass) => [ErrorClass.name, ErrorClass] as const),
  )("%s is an APIError and a NexorError", ([, ErrorClass]) => {
    expect(ErrorClass.prototype).toBeInstanceOf(APIError);
    expect(ErrorClass.prototype).toBeInstanceOf(NexorError);
  });
});
