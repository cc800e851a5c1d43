// The contract against Nexor's documentation: every request body the docs show is accepted and every body they rule
// out is rejected, by the Prism mock and by Ajv 2020-12 alike.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningMock, startPrismMock } from "../../contract-tests/support/prism.js";
import { accepted, rejectedByContract, rejectedByDocs } from "../fixtures/documented-bodies.js";
import { describeErrors, requestBodyValidator } from "../support/spec.js";

const validate = requestBodyValidator("sendMessage");
let mock: RunningMock;
beforeAll(async () => {
  mock = await startPrismMock();
});
afterAll(() => mock.close());

async function prismStatus(body: unknown): Promise<number> {
  const response = await fetch(`${mock.url}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "nxr_live_spec_test_key" },
    body: JSON.stringify(body),
  });
  await response.body?.cancel();
  return response.status;
}

describe("bodies the docs allow", () => {
  test.each(Object.entries(accepted))("%s: Ajv accepts it", (_name, body) => {
    expect(validate(body), describeErrors(validate.errors).join("; ")).toBe(true);
  });
  test.each(Object.entries(accepted))("%s: Prism answers 200", async (_name, body) => {
    expect(await prismStatus(body)).toBe(200);
  });
});

describe.each([
  ["bodies the docs rule out", rejectedByDocs],
  ["bodies this contract rules out", rejectedByContract],
])("%s", (_group, bodies) => {
  test.each(Object.entries(bodies))("%s: Ajv rejects it", (_name, body) => {
    expect(validate(body)).toBe(false);
  });
  test.each(Object.entries(bodies))("%s: Prism answers 400", async (_name, body) => {
    expect(await prismStatus(body)).toBe(400);
  });
});
