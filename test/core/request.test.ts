// The one request path: what reaches the server (URL, path ids, query, headers, body), what is refused before
// anything is sent, and what a call resolves with. Hand-made operations, so nothing here depends on the spec's.
import { describe, expect } from "vitest";
import { RequestValidationError, UnexpectedResponseError } from "../../src/index.js";
import { API_KEY } from "../support/examples.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { callOperation, operation, readLead } from "../support/operations.js";
import { transports } from "../support/transports.js";

const ok = { id: "lead-1", name: "Ana" };

describe.for(transports)("over $name", ({ createNexorClient, transport }) => {
  describe("path ids", () => {
    test("fill the path template in the order of its parameters", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      const tagOfLead = operation({ method: "DELETE", path: "/leads/{id}/tags/{tag}", pathParams: ["id", "tag"], body: undefined });
      await callOperation(tagOfLead, { transport, baseUrl: server.url }, { ids: ["l-1", "t-2"] });
      expect(server.requests.map((request) => [request.method, request.path])).toEqual([["DELETE", "/leads/l-1/tags/t-2"]]);
    });

    test.for([
      ["a/b", "a%2Fb"],
      ["a b", "a%20b"],
      ["a?b#c", "a%3Fb%23c"],
      ["%2e%2e", "%252e%252e"],
      ["...", "..."],
      ["é", "%C3%A9"],
    ])("%s is percent-encoded as %s, inside its one segment", async ([id, encoded], { serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      await callOperation(readLead, { transport, baseUrl: server.url }, { ids: [id] });
      expect(server.requests.map((request) => request.path)).toEqual([`/leads/${encoded}`]);
    });

    const unusable: Array<[string, unknown, string]> = [
      ['"."', ".", 'id "." cannot be a path segment'],
      ['".."', "..", 'id ".." cannot be a path segment'],
      ["an empty string", "", 'id "" cannot be a path segment'],
      ["a number", 1, "id must be a string, got number"],
      ["null", null, "id must be a string, got null"],
      ["undefined", undefined, "id must be a string, got undefined"],
      ["an object", { id: "l-1" }, "id must be a string, got object"],
    ];
    const settings = [
      ["validate: true", { validate: true }, {}],
      ["validate: false on the client", { validate: false }, {}],
      ["validate: false on the request", {}, { validate: false }],
    ] as const;

    test.for(
      unusable.flatMap(([name, id, message]) =>
        settings.map(([setting, client, options]) => [name, setting, id, message, client, options] as const),
      ),
    )("%s is a RequestValidationError and nothing is sent, with %s", async ([, , id, message, client, options], { serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      const call = callOperation(readLead, { transport, baseUrl: server.url, ...client }, { ids: [id] }, options);
      await expect(call).rejects.toBeInstanceOf(RequestValidationError);
      await expect(call).rejects.toMatchObject({
        name: "RequestValidationError",
        issues: [{ path: "id", message }],
        message: `Invalid request, nothing was sent: ${message}.`,
        mayHaveBeenProcessed: false,
      });
      expect(server.requests).toHaveLength(0);
    });
  });

  describe("text no URL can carry", () => {
    test.for([
      ["a path id", { ids: ["a\uD800"] }],
      ["a query value", { ids: ["l-1"], input: { search: "a\uD800" } }],
    ] as const)(
      "%s with a lone surrogate is a RequestValidationError, whatever validate says, and nothing is sent",
      async ([, call], { serve }) => {
        const server = await serve((_request, response) => json(response, 200, {}));
        const op = { ...readLead, query: [{ name: "search", explode: true }] };
        const calling = callOperation(op, { transport, baseUrl: server.url, validate: false }, call);
        await expect(calling).rejects.toBeInstanceOf(RequestValidationError);
        await expect(calling).rejects.toThrow("not well-formed Unicode");
        expect(server.requests).toHaveLength(0);
      },
    );
  });

  describe("the query string", () => {
    const listLeads = operation({
      method: "GET",
      path: "/leads",
      body: undefined,
      query: [
        { name: "tag", explode: true },
        { name: "fields", explode: false },
        { name: "limit", explode: true },
        { name: "archived", explode: true },
        { name: "search", explode: true },
        { name: "status", explode: true },
      ],
    });

    /** The query parameters the server received, decoded, in order. */
    const received = (path: string | undefined) => [...new URL(path ?? "", "http://localhost").searchParams];

    test("writes an exploded array as repeated parameters and an unexploded one as one comma-separated value", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, { items: [] }));
      await callOperation(
        listLeads,
        { transport, baseUrl: server.url },
        { ids: [], input: { tag: ["vip", "new lead"], fields: ["id", "name"] } },
      );
      expect(received(server.requests[0]?.path)).toEqual([
        ["tag", "vip"],
        ["tag", "new lead"],
        ["fields", "id,name"],
      ]);
    });

    test("writes numbers and booleans as text, and skips undefined, null and parameters the operation does not declare", async ({
      serve,
    }) => {
      const server = await serve((_request, response) => json(response, 200, { items: [] }));
      const input = { limit: 10, archived: false, search: undefined, status: null, other: "x" };
      await callOperation(listLeads, { transport, baseUrl: server.url }, { ids: [], input });
      expect(received(server.requests[0]?.path)).toEqual([
        ["limit", "10"],
        ["archived", "false"],
      ]);
    });

    test("is left out when no parameter is set", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, { items: [] }));
      await callOperation(listLeads, { transport, baseUrl: server.url }, { ids: [], input: { search: undefined } });
      await callOperation(listLeads, { transport, baseUrl: server.url }, { ids: [] });
      expect(server.requests.map((request) => request.path)).toEqual(["/leads", "/leads"]);
    });

    // OpenAPI's form style writes `fields=id,name`, each item encoded on its own, so a comma inside an item (%2C) is
    // told apart from the delimiter.
    test("joins unexploded items with a literal comma, as OpenAPI's form style writes them", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, { items: [] }));
      await callOperation(listLeads, { transport, baseUrl: server.url }, { ids: [], input: { fields: ["id", "a,b"] } });
      expect(server.requests[0]?.path).toBe("/leads?fields=id,a%2Cb");
    });
  });

  describe("headers", () => {
    test("a call with a body sends the key, JSON's accept and content-type; one without a body sends no content-type", async ({
      serve,
    }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      await callOperation(operation(), { transport, baseUrl: server.url }, { ids: [], input: { name: "Ana" } });
      await callOperation(readLead, { transport, baseUrl: server.url }, { ids: ["l-1"] });
      const [post, get] = server.requests;
      expect(post?.headers).toMatchObject({ "x-api-key": API_KEY, accept: "application/json", "content-type": "application/json" });
      expect(get?.headers).toMatchObject({ "x-api-key": API_KEY, accept: "application/json" });
      expect(get?.headers["content-type"]).toBeUndefined();
      expect(get?.body).toBe("");
    });

    test("per-request headers override the client's whatever their case, and the others stay", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      const client = { baseUrl: server.url, headers: { "X-Trace": "client", "X-Team": "sales" } };
      await callOperation(readLead, { transport, ...client }, { ids: ["l-1"] }, { headers: { "x-TRACE": "request" } });
      // Node joins a repeated header with ", ": one value means the client's was replaced, not added to.
      expect(server.requests[0]?.headers["x-trace"]).toBe("request");
      expect(server.requests[0]?.headers["x-team"]).toBe("sales");
    });

    test("no header, on the client or the request, replaces the key", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      const client = { baseUrl: server.url, headers: { "X-Api-Key": "nxr_live_from_client_headers" } };
      await callOperation(readLead, { transport, ...client }, { ids: ["l-1"] });
      await callOperation(
        readLead,
        { transport, ...client },
        { ids: ["l-1"] },
        { headers: { "X-API-KEY": "nxr_live_from_request_headers" } },
      );
      expect(server.requests.map((request) => request.headers["x-api-key"] === API_KEY)).toEqual([true, true]);
    });
  });

  describe("the body", () => {
    test("is sent as JSON", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      await callOperation(operation(), { transport, baseUrl: server.url }, { ids: [], input: { name: "Ana", tags: ["vip"] } });
      expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ name: "Ana", tags: ["vip"] });
    });

    test("an operation without a body sends none, even when the call passes one", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      await callOperation(operation({ body: undefined }), { transport, baseUrl: server.url }, { ids: [], input: { name: "Ana" } });
      expect(server.requests[0]?.body).toBe("");
      expect(server.requests[0]?.headers["content-type"]).toBeUndefined();
    });

    const cyclic: Record<string, unknown> = { name: "Ana" };
    cyclic.self = cyclic;

    test.for([
      ["a BigInt", { count: 10n }],
      ["a cycle", cyclic],
    ])("one JSON cannot carry (%s) is a RequestValidationError, and nothing is sent", async ([, body], { serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      const call = callOperation(operation(), { transport, baseUrl: server.url, validate: false }, { ids: [], input: body });
      await expect(call).rejects.toBeInstanceOf(RequestValidationError);
      await expect(call).rejects.toThrow(/^Invalid request, nothing was sent: body cannot be sent as JSON \(/);
      expect(server.requests).toHaveLength(0);
    });
  });

  describe("the result", () => {
    test("awaiting the call gives the parsed body", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok));
      await expect(callOperation(readLead, { transport, baseUrl: server.url }, { ids: ["l-1"] })).resolves.toEqual(ok);
    });

    test("withResponse() gives the body with the response itself: its status and headers, the body already read", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 201, ok, { "x-extra": "yes" }));
      const { data, response } = await callOperation(operation(), { transport, baseUrl: server.url }).withResponse();
      expect(data).toEqual(ok);
      expect(response).toBeInstanceOf(Response);
      expect(response.status).toBe(201);
      expect(response.headers.get("x-extra")).toBe("yes");
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(response.bodyUsed).toBe(true);
    });

    test.for([
      ["x-request-id", { "x-request-id": "req-x", "request-id": "req-plain" }, "req-x"],
      ["request-id when there is no x-request-id", { "request-id": "req-plain" }, "req-plain"],
      ["undefined when the server sends neither", {}, undefined],
    ] as const)("withResponse()'s requestId is %s", async ([, headers, requestId], { serve }) => {
      const server = await serve((_request, response) => json(response, 200, ok, headers));
      const result = await callOperation(readLead, { transport, baseUrl: server.url }, { ids: ["l-1"] }).withResponse();
      expect(result.requestId).toBe(requestId);
      expect(Object.keys(result).sort()).toEqual(["data", "requestId", "response"]);
    });

    test("a success status with a JSON array resolves it: a bulk create's answer is not documented", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, [ok]));
      await expect(callOperation(operation(), { transport, baseUrl: server.url }, { ids: [], input: {} })).resolves.toEqual([ok]);
    });

    test("a success status with a bare JSON string is an UnexpectedResponseError that may hide a processed request", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, "done"));
      const call = callOperation(operation(), { transport, baseUrl: server.url }, { ids: [], input: {} });
      await expect(call).rejects.toBeInstanceOf(UnexpectedResponseError);
      await expect(call).rejects.toMatchObject({ status: 200, mayHaveBeenProcessed: true });
      await expect(call).rejects.toThrow(/not a JSON object or array/);
    });
  });

  describe("a body that cannot be read as JSON is refused before anything is sent", () => {
    const throwingGetter = () => ({
      name: "x",
      get email(): string {
        throw new Error("getter failed");
      },
    });
    const throwingProxy = () =>
      new Proxy(
        { name: "x" },
        {
          ownKeys() {
            throw new Error("ownKeys failed");
          },
        },
      );
    const deepArray = () => {
      let value: unknown[] = [];
      for (let i = 0; i < 20_000; i++) value = [value];
      return value;
    };
    const throwingToJSON = () => ({
      toJSON() {
        throw new Error("toJSON failed");
      },
    });
    test.for([
      ["a throwing getter", throwingGetter],
      ["a Proxy whose ownKeys throws", throwingProxy],
      ["a 20,000-deep array", deepArray],
      ["a toJSON that throws", throwingToJSON],
      ["a BigInt", () => ({ count: 1n })],
    ] as const)("%s: RequestValidationError, with validation on and off, 0 requests", async ([, body], { serve }) => {
      const server = await serve((_request, response) => json(response, 200, {}));
      for (const validate of [true, false]) {
        const calling = callOperation(operation(), { transport, baseUrl: server.url, validate }, { ids: [], input: body() });
        await expect(calling).rejects.toBeInstanceOf(RequestValidationError);
        await expect(calling).rejects.toMatchObject({ mayHaveBeenProcessed: false });
      }
      expect(server.requests).toHaveLength(0);
    });

    test("a body nested deeper than 64 levels is refused with the depth named", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, {}));
      let body: unknown = {};
      for (let i = 0; i < 70; i++) body = { a: body };
      const calling = callOperation(operation(), { transport, baseUrl: server.url, validate: false }, { ids: [], input: body });
      await expect(calling).rejects.toThrow(/deeper than 64 levels/);
      expect(server.requests).toHaveLength(0);
    });

    test("a getter runs once: the body validated is the body sent", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, {}));
      let reads = 0;
      const body = {
        get note() {
          reads++;
          return `read ${reads}`;
        },
      };
      await callOperation(operation(), { transport, baseUrl: server.url }, { ids: [], input: body });
      expect(reads).toBe(1);
      expect(JSON.parse(server.requests[0]!.body)).toEqual({ note: "read 1" });
    });

    test("a query object with a throwing getter is refused as invalid", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, {}));
      const list = operation({ method: "GET", body: undefined, query: [{ name: "limit", explode: true }] });
      const query = {
        get limit(): number {
          throw new Error("getter failed");
        },
      };
      await expect(callOperation(list, { transport, baseUrl: server.url }, { ids: [], input: query })).rejects.toBeInstanceOf(
        RequestValidationError,
      );
      expect(server.requests).toHaveLength(0);
    });
  });

  describe("the issue's raw errors, through real operations", () => {
    test("a messages.send body with a throwing getter, validation on, and a Proxy whose ownKeys throws: RequestValidationError, 0 requests", async ({
      serve,
    }) => {
      const server = await serve((_request, response) => json(response, 200, {}));
      const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: server.url });
      const getter = {
        channel: "call",
        get lead_id(): string {
          throw new Error("getter failed");
        },
      };
      const proxy = new Proxy(
        { channel: "call" },
        {
          ownKeys: () => {
            throw new Error("ownKeys failed");
          },
        },
      );
      for (const body of [getter, proxy]) {
        await expect(nexor.messages.send(body as never)).rejects.toBeInstanceOf(RequestValidationError);
      }
      expect(server.requests).toHaveLength(0);
    });

    test("a 20,000-deep bulk array to leads.create with validate: false: RequestValidationError, 0 requests", async ({ serve }) => {
      const server = await serve((_request, response) => json(response, 200, {}));
      let deep: unknown[] = [];
      for (let i = 0; i < 20_000; i++) deep = [deep];
      const creating = createNexorClient({ apiKey: API_KEY, baseUrl: server.url, validate: false }).leads.create([
        { first_name: "A" },
        deep,
      ] as never);
      await expect(creating).rejects.toBeInstanceOf(RequestValidationError);
      expect(server.requests).toHaveLength(0);
    });
  });
});
