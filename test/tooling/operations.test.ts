// The generator of the method table (scripts/lib/operations.mjs) on small documents: x-nexor-answers gives a method
// an overload per documented answer and x-nexor-envelope a result that holds the resource under one property and a
// table entry the client reads, and either extension used where it cannot mean anything stops the generation with
// a sentence that names the operation.
import { describe, expect, test } from "vitest";
import type { RequestSchema } from "../../generated/request-schemas.js";
import { operationsSources } from "../../scripts/lib/operations.mjs";
import { expand } from "../../src/core/operation.js";
import { validate } from "../../src/internal/validate.js";

const json = (schema: object) => ({ content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function document(schemas: Record<string, object>, operation: object) {
  return {
    openapi: "3.1.0",
    paths: { "/things": { post: { operationId: "createThings", "x-nexor-method": "things.create", ...operation } } },
    components: { schemas },
  };
}

const schemas = {
  Thing: { type: "object", properties: { name: { type: "string" } } },
  Things: { type: "array", items: ref("Thing") },
  ThingsRequest: { oneOf: [ref("Thing"), ref("Things")] },
  Created: { type: "object", "x-nexor-answers": "Thing", properties: { thing: ref("Thing") } },
  BulkCreated: { type: "array", "x-nexor-answers": "Things" },
  CreatedAnswer: { anyOf: [ref("Created"), ref("BulkCreated")] },
};
const answering = { requestBody: { required: true, ...json(ref("ThingsRequest")) }, responses: { "201": json(ref("CreatedAnswer")) } };

describe("x-nexor-answers", () => {
  test("gives one overload per answer, then the whole body for a caller holding the union", () => {
    const methods = operationsSources(document(schemas, answering))["methods.ts"];
    const overloads = [
      'create(body: components["schemas"]["Thing"], options?: RequestOptions): APIPromise<components["schemas"]["Created"]>;',
      'create(body: components["schemas"]["Things"], options?: RequestOptions): APIPromise<components["schemas"]["BulkCreated"]>;',
      "create(body: CreateThingsBody, options?: RequestOptions): APIPromise<CreateThingsResult>;",
    ];
    const at = overloads.map((line) => methods.indexOf(line));
    expect(at.every((index) => index > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test("an overload takes the path ids first, as the method does", () => {
    const nested = { ...document(schemas, answering), paths: {} } as ReturnType<typeof document>;
    nested.paths = {
      "/groups/{groupId}/things": {
        post: {
          operationId: "createThings",
          "x-nexor-method": "things.create",
          parameters: [{ name: "groupId", in: "path", required: true, schema: { type: "string" } }],
          ...answering,
        },
      },
    } as unknown as ReturnType<typeof document>["paths"];
    expect(operationsSources(nested)["methods.ts"]).toContain(
      'create(groupId: string, body: components["schemas"]["Thing"], options?: RequestOptions): APIPromise<components["schemas"]["Created"]>;',
    );
  });

  test("without it, a method has one signature", () => {
    const plain = { ...schemas, Created: { type: "object" }, BulkCreated: { type: "array" } };
    expect(operationsSources(document(plain, answering))["methods.ts"].match(/ {4}create\(/g)).toHaveLength(1);
  });

  test("naming a body that is not a branch of the request's oneOf stops the generation", () => {
    const wrong = { ...schemas, BulkCreated: { type: "array", "x-nexor-answers": "Thingz" } };
    expect(() => operationsSources(document(wrong, answering))).toThrow('createThings: x-nexor-answers "Thingz" is not a branch');
    const single = { ...answering, requestBody: { required: true, ...json(ref("Thing")) } };
    expect(() => operationsSources(document(schemas, single))).toThrow(
      "createThings: x-nexor-answers needs a request body that is a oneOf",
    );
  });
});

describe("x-nexor-envelope", () => {
  const enveloped = {
    ...schemas,
    Wrapped: { type: "object", properties: { success: { type: "boolean" }, thing: ref("Thing") } },
    Answer: { "x-nexor-envelope": "thing", anyOf: [ref("Thing"), ref("Wrapped")] },
  };
  const getting = { requestBody: undefined, responses: { "200": json(ref("Answer")) } };

  test("types the result as the envelope holding either shape, and puts the property in the table", () => {
    const sources = operationsSources(document(enveloped, getting));
    expect(sources["methods.ts"]).toContain(
      'export type CreateThingsResult = Omit<components["schemas"]["Wrapped"], "thing"> & { thing: NonNullable<components["schemas"]["Wrapped"]["thing"]> | components["schemas"]["Thing"] };',
    );
    expect(sources["operations.ts"]).toContain('"envelope": "thing"');
  });

  test("with no branch, or two, holding the property, stops the generation", () => {
    const none = { ...enveloped, Answer: { "x-nexor-envelope": "item", anyOf: [ref("Thing"), ref("Wrapped")] } };
    expect(() => operationsSources(document(none, getting))).toThrow(
      'createThings: exactly one branch must hold the resource under "item"',
    );
    const flat = { ...enveloped, Answer: { "x-nexor-envelope": "thing", type: "object" } };
    expect(() => operationsSources(document(flat, getting))).toThrow(
      "createThings: x-nexor-envelope names a property of an anyOf/oneOf branch",
    );
  });
});

// The method tree leaves out what the client can derive: path schemas when every path parameter is a uuid, the
// "required" body flag when a schema is given, the query parameters' names. What it must still write survives the
// round trip through the client's expand(): a path parameter that is not a uuid, an optional body, the query order.
describe("a method tree entry, expanded by the client", () => {
  const path = "/things/{name}/parts/{id}";
  const expanded = (method: string, operation: object) => {
    const paths = { [path]: { [method]: { operationId: "part", "x-nexor-method": "things.part", ...operation } } };
    const source = operationsSources({ openapi: "3.1.0", paths, components: { schemas: {} } })["operations.ts"];
    const tree = JSON.parse(/export const methodTree: MethodTree = ([\s\S]*?);\n/.exec(source)![1]!);
    return expand(tree.things.part);
  };
  const pathParameters = (name: object) => [
    { name: "name", in: "path", required: true, schema: name },
    { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
  ];
  const body = (required: boolean) => ({ required, ...json({ type: "object", properties: { note: { type: "string" } } }) });
  const responses = { "200": json({ type: "object" }) };
  const uuid = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
  const failing = (schema: RequestSchema, value: object) => validate(schema, value).map((issue) => issue.path);

  test("keeps a path parameter that is not a uuid, and an optional body", () => {
    const part = expanded("patch", { parameters: pathParameters({ type: "string", minLength: 2 }), requestBody: body(false), responses });
    expect(part.pathParams).toEqual(["name", "id"]);
    expect(part.body).toBe("optional");
    expect(failing(part.parameters!.path!, { name: "ab", id: uuid })).toEqual([]);
    expect(failing(part.parameters!.path!, { name: "a", id: uuid })).toEqual(["name"]);
    expect(failing(part.parameters!.path!, { name: "ab", id: "not-a-uuid" })).toEqual(["id"]);
  });

  test("reads every path parameter as a uuid when the spec says so, and a body with a schema as required", () => {
    const part = expanded("patch", { parameters: pathParameters({ type: "string", format: "uuid" }), requestBody: body(true), responses });
    expect(part.body).toBe("required");
    expect(failing(part.parameters!.path!, { name: uuid, id: uuid })).toEqual([]);
    expect(failing(part.parameters!.path!, { name: "ab", id: uuid })).toEqual(["name"]);
  });

  test("gives the query parameters in the spec's order, each with its explode", () => {
    const query = [
      { name: "tags", in: "query", explode: false, schema: { type: "array", items: { type: "string" } } },
      { name: "limit", in: "query", schema: { type: "integer" } },
    ];
    const part = expanded("get", { parameters: [...pathParameters({ type: "string", format: "uuid" }), ...query], responses });
    expect(part.query).toEqual([
      { name: "tags", explode: false },
      { name: "limit", explode: true },
    ]);
  });
});
