// The checks every client method owes its operation, run against a loopback server: the request it sends, each
// documented success example resolved as given, each documented error example thrown as its class in the
// operation's own words, whether a 503 is sent again, and path ids checked and kept in their one segment. A resource
// file names each of its methods and states what it sends and whether it is retried; these checks hold it to the spec.
import type { ServerResponse } from "node:http";
import { describe, expect } from "vitest";
import { operation, requestExamples, resolveRef, responseExamples } from "../../contract-tests/support/spec.js";
import type { ClientOptions } from "../../src/client.js";
import {
  type APIPromise,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createNexorClient,
  InternalServerError,
  type NexorClient,
  NotFoundError,
  PermissionDeniedError,
  RequestValidationError,
} from "../../src/index.js";
import { API_KEY } from "./examples.js";
import { type Serve, test } from "./fixtures.js";
import { json, type LocalServer } from "./local-server.js";

export { requestExamples, responseExamples } from "../../contract-tests/support/spec.js";
export { API_KEY } from "./examples.js";

/** Ids of the spec's examples, so that a request and the example it is answered with name the same things. */
export const uuid = {
  lead: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
  workflow: "5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11",
  tag: "8f01fb18-80ec-433a-940d-881d1e74bee6",
  processor: "81227ee0-19d1-491c-9509-9887a5876dcd",
  rule: "10625f94-c0ab-4b47-a421-c580fae1cd1f",
  meeting: "3a785c18-b2d7-4122-8e1e-787d49f26d7b",
  masterWorkflow: "7c983000-e0b2-4be8-95ba-1b56f9a8f6e0",
  conversionType: "b97c4c66-7f59-4a83-af7e-5e6789eeea62",
} as const;

/** The request example `name` of an operation, typed as the method's body. */
export function requestExample<T>(operationId: string, name: string): T {
  const examples = requestExamples(operationId);
  if (!(name in examples)) throw new Error(`${operationId} has no request example "${name}"`);
  return examples[name] as T;
}

/** The response example `name` of an operation for `status`. */
export function responseExample<T = Record<string, unknown>>(operationId: string, status: string, name: string): T {
  const examples = responseExamples(operationId, status);
  if (!(name in examples)) throw new Error(`${operationId} has no ${status} example "${name}"`);
  return examples[name] as T;
}

/** A client of the test key on `server`. */
export const clientOf = (server: LocalServer, options: ClientOptions = {}): NexorClient =>
  createNexorClient({ apiKey: API_KEY, baseUrl: server.url, ...options });

/** The operation's documented success: its status key and its examples. A `2XX` range is answered with 201. */
export function documentedSuccess(operationId: string): {
  status: number;
  examples: Record<string, unknown>;
  resolved: (example: unknown) => unknown;
} {
  const { op } = operation(operationId);
  const key = Object.keys(op.responses).find((status) => /^2(\d\d|XX)$/.test(status))!;
  // x-nexor-envelope on the success schema: the client returns a bare answer wrapped under that property.
  const schema = resolveRef(resolveRef(op.responses[key]!)?.content?.["application/json"]?.schema) as Record<string, unknown> | undefined;
  const envelope = schema?.["x-nexor-envelope"] as string | undefined;
  const resolved = (example: unknown) =>
    envelope === undefined || Array.isArray(example) || Object.hasOwn(example as object, envelope) ? example : { [envelope]: example };
  return { status: key === "2XX" ? 201 : Number(key), examples: responseExamples(operationId, key), resolved };
}

/** Calls `call` on a client that must refuse it before sending: a RequestValidationError naming `parameter`. */
export async function expectRefused(serve: Serve, call: (nexor: NexorClient) => PromiseLike<unknown>, parameter: string): Promise<void> {
  const server = await serve((_request, response) => json(response, 200, { success: true }));
  const calling = Promise.resolve(call(clientOf(server)));
  await expect(calling).rejects.toBeInstanceOf(RequestValidationError);
  await expect(calling).rejects.toMatchObject({
    name: "RequestValidationError",
    issues: expect.arrayContaining([expect.objectContaining({ path: parameter })]),
    message: expect.stringContaining(parameter),
    mayHaveBeenProcessed: false,
  });
  expect(server.requests).toHaveLength(0);
}

// biome-ignore lint/suspicious/noExplicitAny: the arguments of any method, checked through Parameters<F> by each caller.
type Method = (...args: any[]) => APIPromise<unknown>;

/** What a resource file states about one of its methods. */
export interface MethodCase<F extends Method> {
  /** The method by its public name: `(nexor) => nexor.leads.tags.add`. */
  method: (nexor: NexorClient) => F;
  /** Its arguments, type-checked against its signature: the path ids in order, then the body or the query. */
  args: Parameters<F>;
  /** What must reach the server: the method, the path with its ids and query string, and the JSON body, if any. */
  sends: { method: string; path: string; body?: unknown };
  /** Whether a 503 is sent again: reads and idempotent operations are, what creates or contacts is not. */
  retried: boolean;
  /** Whom the operation may reach outside the API (x-nexor-contacts), which its 5xx errors warn of. */
  contacts: ReadonlyArray<"lead" | "host">;
}

/** The class each documented error status is thrown as. */
const errorClasses: Record<string, new (...args: never[]) => Error> = {
  "400": BadRequestError,
  "401": AuthenticationError,
  "403": PermissionDeniedError,
  "404": NotFoundError,
  "409": ConflictError,
  "500": InternalServerError,
};

/** "an id", "a leadId", "an InternalServerError". */
const article = (word: string) => `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;

/** Follows a dotted method name (`leads.tags.add`) on a client. */
const methodAt = (nexor: NexorClient, dotted: string): unknown =>
  dotted.split(".").reduce<unknown>((node, name) => (node as Record<string, unknown>)[name], nexor);

/**
 * Registers the checks of one method under `describe("<method> (<METHOD> <path>)")`, every test with its own server,
 * run concurrently. The documented examples are read from the spec: a new error example is checked without a change here.
 */
export function describeMethod<F extends Method>(operationId: string, method: MethodCase<F>): void {
  const { path: template, method: verb, op } = operation(operationId);
  const extensions = op as unknown as Record<string, unknown>;
  const dotted = extensions["x-nexor-method"] as string;
  const pathParams = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const success = documentedSuccess(operationId);
  const [firstExample] = Object.values(success.examples);
  const args = method.args as unknown[];
  const call = (nexor: NexorClient, callArgs: unknown[] = args) => method.method(nexor)(...callArgs);
  const answer = (status: number, body: unknown) => (_request: unknown, response: ServerResponse) =>
    json(response, status, body, { "x-request-id": "req-1" });

  describe.concurrent(`${dotted} (${verb.toUpperCase()} ${template})`, () => {
    test(`is the spec's method for ${operationId}`, () => {
      const nexor = createNexorClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" });
      expect(method.method(nexor)).toBe(methodAt(nexor, dotted));
      expect(method.sends.method).toBe(verb.toUpperCase());
    });

    const what = method.sends.body === undefined ? "and no body" : "and the JSON body as given";
    test(`sends ${method.sends.method} ${method.sends.path} with the key ${what}`, async ({ serve }) => {
      const server = await serve(answer(success.status, firstExample));
      await call(clientOf(server));
      expect(server.requests).toHaveLength(1);
      const [received] = server.requests;
      expect(received?.method).toBe(method.sends.method);
      expect(received?.path).toBe(method.sends.path);
      expect(received?.headers["x-api-key"]).toBe(API_KEY);
      expect(received?.headers.accept).toBe("application/json");
      if (method.sends.body === undefined) {
        expect(received?.body).toBe("");
        expect(received?.headers["content-type"]).toBeUndefined();
      } else {
        expect(received?.headers["content-type"]).toBe("application/json");
        expect(JSON.parse(received?.body ?? "")).toEqual(method.sends.body);
      }
      // The ids fill the spec's template in order, each percent-encoded in its own segment.
      const filled = pathParams.reduce((path, name, index) => path.replace(`{${name}}`, encodeURIComponent(String(args[index]))), template);
      expect(received?.path.split("?")[0]).toBe(filled);
    });

    for (const [name, example] of Object.entries(success.examples)) {
      test(`resolves the ${success.status} example "${name}" as given, withResponse() giving the status`, async ({ serve }) => {
        const server = await serve(answer(success.status, example));
        const nexor = clientOf(server);
        await expect(call(nexor)).resolves.toEqual(success.resolved(example));
        const { data, response, requestId } = await call(nexor).withResponse();
        expect(data).toEqual(success.resolved(example));
        expect(response.status).toBe(success.status);
        expect(requestId).toBe("req-1");
        expect(server.requests).toHaveLength(2);
      });
    }

    const hint404 = (extensions["x-nexor-hints"] as Record<string, string> | undefined)?.["404"];
    for (const status of Object.keys(op.responses).filter((key) => /^[45]\d\d$/.test(key))) {
      for (const [name, example] of Object.entries(responseExamples(operationId, status))) {
        const body = example as { error: string; message?: string };
        const Class = errorClasses[status]!;
        test(`a ${status} "${name}" is ${article(Class.name)} whose message carries the body`, async ({ serve }) => {
          const server = await serve(answer(Number(status), body));
          // No retry here: what is retried is checked on its own, and a retried 500 would wait out the backoff.
          const calling = Promise.resolve(call(clientOf(server, { maxRetries: 0 })));
          await expect(calling).rejects.toBeInstanceOf(Class);
          await expect(calling).rejects.toMatchObject({
            name: Class.name,
            status: Number(status),
            body,
            requestId: "req-1",
            mayHaveBeenProcessed: status === "500",
          });
          await expect(calling).rejects.toThrow(`Nexor answered ${status} (${body.error}`);
          if (body.message !== undefined) await expect(calling).rejects.toThrow(body.message);
          // messages.send's words (lead_id and workflow_id) belong to that operation only.
          await expect(calling).rejects.not.toThrow("lead_id and workflow_id");
          if (status === "401") await expect(calling).rejects.toThrow("NEXOR_API_KEY");
          if (status === "404") {
            expect(hint404, "the operation's 404 hint (x-nexor-hints)").toBeDefined();
            await expect(calling).rejects.toThrow(hint404!);
          }
          if (status === "500") {
            await expect(calling).rejects.toThrow(
              method.retried ? "It was retried while maxRetries and the deadline allowed." : "It was not retried.",
            );
            if (method.contacts.includes("lead")) await expect(calling).rejects.toThrow("The lead may already have been contacted");
            else await expect(calling).rejects.not.toThrow(/\blead\b/i);
          }
          expect(server.requests).toHaveLength(1);
        });
      }
    }

    test(`warns of ${method.contacts.length ? method.contacts.join(" and ") : "no one"} as the spec's x-nexor-contacts says`, () => {
      expect(method.contacts).toEqual(extensions["x-nexor-contacts"] ?? []);
    });

    const body = op.requestBody === undefined ? undefined : args[pathParams.length];
    const when = extensions["x-nexor-idempotent-when"] as string[] | undefined;
    const idempotent =
      verb === "get" ||
      extensions["x-nexor-idempotent"] === true ||
      when?.every((field) => (body as Record<string, unknown> | undefined)?.[field] != null) === true;
    if (method.retried) {
      test("a 503 is sent again, the operation being idempotent, and the retry's answer resolves", async ({ serve }) => {
        expect(idempotent, "the spec makes this call idempotent").toBe(true);
        const server = await serve((_request, response, index) =>
          index === 0
            ? json(response, 503, { error: "Service unavailable" }, { "retry-after": "0" })
            : json(response, success.status, firstExample),
        );
        await expect(call(clientOf(server))).resolves.toEqual(success.resolved(firstExample));
        expect(server.requests).toHaveLength(2);
        expect(server.requests[1]?.path).toBe(server.requests[0]?.path);
        expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
      });
    } else {
      test("a 503 is not sent again: an InternalServerError that may have been processed", async ({ serve }) => {
        expect(idempotent, "the spec makes this call idempotent").toBe(false);
        const server = await serve((_request, response, index) =>
          index === 0
            ? json(response, 503, { error: "Service unavailable" }, { "retry-after": "0" })
            : json(response, success.status, firstExample),
        );
        const calling = Promise.resolve(call(clientOf(server, { maxRetries: 2 })));
        await expect(calling).rejects.toBeInstanceOf(InternalServerError);
        await expect(calling).rejects.toMatchObject({ name: "InternalServerError", status: 503, mayHaveBeenProcessed: true });
        await expect(calling).rejects.toThrow("It was not retried.");
        expect(server.requests).toHaveLength(1);
      });
    }

    pathParams.forEach((name, index) => {
      const withId = (id: string) => args.map((arg, position) => (position === index ? id : arg));

      test(`${article(name)} that is not a UUID is a RequestValidationError naming ${name}, and nothing is sent`, async ({ serve }) => {
        await expectRefused(serve, (nexor) => call(nexor, withId(`${name}-uuid`)), name);
      });

      test(`with validation off, ${article(name)} holding / and .. is percent-encoded into its one segment`, async ({ serve }) => {
        const server = await serve(answer(success.status, firstExample));
        const id = "../../messages";
        await call(clientOf(server, { validate: false }), withId(id));
        expect(server.requests.map((request) => request.path)).toEqual([
          method.sends.path.replace(`/${String(args[index])}`, `/${encodeURIComponent(id)}`),
        ]);
      });

      test(`${article(name)} of ".." is refused whatever the validation setting`, async ({ serve }) => {
        const server = await serve(answer(success.status, firstExample));
        for (const validate of [true, false]) {
          const calling = Promise.resolve(call(clientOf(server, { validate }), withId("..")));
          await expect(calling).rejects.toMatchObject({
            name: "RequestValidationError",
            issues: [{ path: name, message: `${name} ".." cannot be a path segment` }],
          });
        }
        expect(server.requests).toHaveLength(0);
      });
    });
  });
}
