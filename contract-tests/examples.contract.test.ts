// Every named example in the spec, served by the mock: each request example is accepted and answered with the
// response example of the same name, and each error example is served unchanged. Prism runs with `errors: true`,
// so an example that breaks its own schema comes back as a 500 and fails here.
import { describe, expect, inject, test } from "vitest";
import { operation, requestExamples, resolveRef, responseExamples, spec } from "./support/spec.js";

const baseUrl = inject("baseUrl");
const apiKey = "nxr_live_contract_mock_key";

interface Parameter {
  name: string;
  in: string;
  schema?: { examples?: unknown[]; example?: unknown };
}

/** The operation's path with each path parameter filled with its schema's first example (ids are UUIDs). */
function examplePath(path: string, method: string): string {
  const item = spec.paths[path] as unknown as Record<string, { parameters?: unknown[] }> & { parameters?: unknown[] };
  const parameters = [...(item.parameters ?? []), ...(item[method]?.parameters ?? [])].map((parameter) =>
    resolveRef(parameter as Parameter),
  );
  return path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const schema = parameters.find((parameter) => parameter.in === "path" && parameter.name === name)?.schema;
    const value = schema?.examples?.[0] ?? schema?.example;
    if (value === undefined) throw new Error(`${method.toUpperCase()} ${path}: path parameter ${name} has no example`);
    return encodeURIComponent(String(value));
  });
}

async function call(path: string, method: string, body: unknown, prefer: string) {
  const response = await fetch(new URL(path.replace(/^\//, ""), `${baseUrl}/`), {
    method: method.toUpperCase(),
    headers: { "content-type": "application/json", "x-api-key": apiKey, prefer },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { response, body: await response.json() };
}

const operationIds = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).flatMap((op) => (op && typeof op === "object" && "operationId" in op ? [op.operationId] : [])),
);

for (const operationId of operationIds) {
  const { path, method, op } = operation(operationId);
  const requests = requestExamples(operationId);
  const url = examplePath(path, method);
  // The documented success status: an exact code, or a range such as 2XX, which Prism answers with 200.
  const success = Object.keys(op.responses).find((status) => status.startsWith("2"))!;
  const successStatus = new RegExp(`^${success.replaceAll("X", "\\d")}$`);

  if (Object.keys(requests).length > 0) {
    describe(`${operationId}: request examples`, () => {
      test.each(Object.keys(requests))("%s is accepted and answered with its response example", async (name) => {
        const { response, body } = await call(url, method, requests[name], `example=${name}`);
        expect(response.headers.get("sl-violations")).toBeNull();
        expect(String(response.status)).toMatch(successStatus);
        expect(body).toEqual(responseExamples(operationId, success)[name]);
      });
    });
  } else {
    // No request body (a GET, a DELETE): each success example is served as written.
    describe(`${operationId}: response examples`, () => {
      test.each(Object.keys(responseExamples(operationId, success)))("%s is served as written", async (name) => {
        const { response, body } = await call(url, method, undefined, `example=${name}`);
        expect(response.headers.get("sl-violations")).toBeNull();
        expect(String(response.status)).toMatch(successStatus);
        expect(body).toEqual(responseExamples(operationId, success)[name]);
      });
    });
  }

  const errorStatuses = Object.keys(op.responses).filter((status) => !status.startsWith("2"));
  const firstRequest = Object.values(requests)[0];
  describe(`${operationId}: error examples`, () => {
    const cases = errorStatuses.flatMap((status) =>
      Object.keys(responseExamples(operationId, status)).map((name) => [status, name] as const),
    );
    test.each(cases)("%s %s is served as written", async (status, name) => {
      const { response, body } = await call(url, method, firstRequest, `code=${status}, example=${name}`);
      expect(response.headers.get("sl-violations")).toBeNull();
      expect(response.status).toBe(Number(status));
      expect(body).toEqual(responseExamples(operationId, status)[name]);
    });
    test("every error status has at least one example", () => {
      for (const status of errorStatuses) {
        const response = resolveRef(op.responses[status]);
        expect(Object.keys(responseExamples(operationId, status)), `${status} ${response?.description}`).not.toHaveLength(0);
      }
    });
  });
}
