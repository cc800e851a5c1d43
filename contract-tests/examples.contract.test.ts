// Every named example in the spec, served by the mock: each request example is accepted and answered with the
// response example of the same name, and each error example is served unchanged. Prism runs with `errors: true`,
// so an example that breaks its own schema comes back as a 500 and fails here.
import { describe, expect, inject, test } from "vitest";
import { operation, requestExamples, resolveRef, responseExamples, spec } from "../test/support/spec.js";

const baseUrl = inject("baseUrl");
const apiKey = "nxr_live_contract_mock_key";

async function call(path: string, method: string, body: unknown, prefer: string) {
  const response = await fetch(new URL(path.replace(/^\//, ""), `${baseUrl}/`), {
    method: method.toUpperCase(),
    headers: { "content-type": "application/json", "x-api-key": apiKey, prefer },
    body: JSON.stringify(body),
  });
  return { response, body: await response.json() };
}

for (const { operationId } of Object.values(spec.paths).flatMap((item) => Object.values(item))) {
  const { path, method, op } = operation(operationId);
  const requests = requestExamples(operationId);

  describe(`${operationId}: request examples`, () => {
    test.each(Object.keys(requests))("%s is accepted and answered with its response example", async (name) => {
      const { response, body } = await call(path, method, requests[name], `example=${name}`);
      expect(response.headers.get("sl-violations")).toBeNull();
      expect(response.status).toBe(200);
      expect(body).toEqual(responseExamples(operationId, "200")[name]);
    });
  });

  const errorStatuses = Object.keys(op.responses).filter((status) => !status.startsWith("2"));
  const firstRequest = Object.values(requests)[0];
  describe(`${operationId}: error examples`, () => {
    const cases = errorStatuses.flatMap((status) =>
      Object.keys(responseExamples(operationId, status)).map((name) => [status, name] as const),
    );
    test.each(cases)("%s %s is served as written", async (status, name) => {
      const { response, body } = await call(path, method, firstRequest, `code=${status}, example=${name}`);
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
