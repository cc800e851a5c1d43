// Every failure is a typed NexorError that says what to do, and one the server may have acted on says so.
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  createNexorClient,
  InternalServerError,
  MessageNotSentError,
  NexorError,
  NotFoundError,
  UnexpectedResponseError,
} from "../../src/index.js";
import { API_KEY, call } from "../support/examples.js";
import { json, type LocalServer, startServer } from "../support/local-server.js";

let server: LocalServer;
afterEach(() => server?.close());

/** Sends one call through a server answering with `answer`, and returns what send() threw. */
async function failure(answer: (response: ServerResponse) => void): Promise<NexorError> {
  server = await startServer((_request, response) => answer(response));
  const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 2 });
  const error = await nexor.messages.send(call).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof NexorError)) throw new Error(`send() did not throw a NexorError: ${String(error)}`);
  return error;
}

describe("documented error statuses", () => {
  test("400 is a BadRequestError that carries Nexor's message naming the field", async () => {
    const error = await failure((response) =>
      json(response, 400, { error: "Validation error", message: "lead_id is required" }, { "x-request-id": "req-400" }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    const bad = error as BadRequestError;
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: "Validation error", message: "lead_id is required" });
    expect(bad.requestId).toBe("req-400");
    expect(bad.message).toContain("lead_id is required");
    expect(bad.message).toContain("nothing was done");
    expect(bad.mayHaveBeenProcessed).toBe(false);
  });

  test.each([
    ["missing", { error: "Missing API key", message: "Please provide your API key in the X-API-Key header" }],
    ["invalid", { error: "Invalid API key", message: "The provided API key is not valid" }],
  ])("401 (%s key) is an AuthenticationError pointing to NEXOR_API_KEY and the dashboard", async (_case, body) => {
    const error = await failure((response) => json(response, 401, body));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain(body.error);
    expect(error.message).toContain("NEXOR_API_KEY");
    expect(error.message).toContain("Integrations");
  });

  test("404 is a NotFoundError telling to check lead_id and workflow_id", async () => {
    const error = await failure((response) =>
      json(response, 404, { error: "Not found", message: "Lead not found or does not belong to your account" }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("lead_id and workflow_id");
  });

  test("500 is an InternalServerError, sent exactly once, that warns the lead may have been contacted", async () => {
    const error = await failure((response) => json(response, 500, { error: "Internal server error" }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(error.message).toContain("not retried");
    expect(error.message).toContain("history");
    expect(server.requests).toHaveLength(1);
  });

  test("an undocumented status with Nexor's error body is a plain APIError", async () => {
    const error = await failure((response) => json(response, 418, { error: "I am a teapot" }));
    expect(error.constructor).toBe(APIError);
    expect((error as APIError).status).toBe(418);
  });
});

describe("answers the client cannot read", () => {
  test("a proxy's HTML 502 is an UnexpectedResponseError, sent once, with an excerpt", async () => {
    const error = await failure((response) =>
      response.writeHead(502, { "content-type": "text/html" }).end("<html><body>502 Bad Gateway</body></html>"),
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).status).toBe(502);
    expect(error.message).toContain("502 Bad Gateway");
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  test("invalid JSON with a 200 is an UnexpectedResponseError saying the message may have been sent", async () => {
    const error = await failure((response) => response.writeHead(200, { "content-type": "application/json" }).end('{"success":tr'));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(error.message).toContain("not a JSON object");
  });

  test("an empty 200 is an UnexpectedResponseError", async () => {
    const error = await failure((response) => response.writeHead(200).end());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain("empty body");
  });

  test("an empty 500 is an UnexpectedResponseError, not a silent success", async () => {
    const error = await failure((response) => response.writeHead(500).end());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).status).toBe(500);
    expect(error.mayHaveBeenProcessed).toBe(true);
  });

  test("a 3xx without a Location is an UnexpectedResponseError that may hide a processed request", async () => {
    const error = await failure((response) => response.writeHead(302).end());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.mayHaveBeenProcessed).toBe(true);
  });

  test("a 400 whose JSON is not Nexor's error shape is an UnexpectedResponseError", async () => {
    const error = await failure((response) => json(response, 400, { error: { code: "invalid_json" } }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.mayHaveBeenProcessed).toBe(false);
  });
});

describe("a 200 that says the message was not sent", () => {
  test("success: false is a MessageNotSentError carrying the body, not retried", async () => {
    const error = await failure((response) => json(response, 200, { success: false, channel: "call", call_id: null }));
    expect(error).toBeInstanceOf(MessageNotSentError);
    expect((error as MessageNotSentError).body).toEqual({ success: false, channel: "call", call_id: null });
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(server.requests).toHaveLength(1);
  });
});

describe("error objects", () => {
  test("serialise to JSON with their name, message and fields", async () => {
    const error = await failure((response) => json(response, 404, { error: "Not found" }));
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "NotFoundError",
      message: error.message,
      status: 404,
      body: { error: "Not found" },
      mayHaveBeenProcessed: false,
    });
    expect(String(error)).toBe(`NotFoundError: ${error.message}`);
  });
});
