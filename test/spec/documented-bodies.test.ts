// The contract against Nexor's documentation: every request body the docs show is accepted and every body they rule
// out is rejected, by the Prism mock and by Ajv 2020-12 alike.
import { describe, expect } from "vitest";
import type { RunningMock } from "../../contract-tests/support/prism.js";
import { describeErrors, requestBodyValidator } from "../../contract-tests/support/spec.js";
import { accepted, rejectedByContract, rejectedByDocs } from "../fixtures/documented-bodies.js";
import { test } from "../support/fixtures.js";

const validate = requestBodyValidator("sendMessage");

async function prismStatus(mock: RunningMock, body: unknown): Promise<number> {
  const response = await fetch(`${mock.url}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "nxr_live_spec_test_key" },
    body: JSON.stringify(body),
  });
  await response.body?.cancel();
  return response.status;
}

describe("bodies the docs allow", () => {
  test.for(Object.entries(accepted))("%s: Ajv accepts it", ([, body]) => {
    expect(validate(body), describeErrors(validate.errors).join("; ")).toBe(true);
  });
  // The first test of the file to name the mock waits for it to start (seconds for the whole spec on a loaded machine).
  test.for(Object.entries(accepted))("%s: Prism answers 200", { timeout: 20_000 }, async ([, body], { mock }) => {
    expect(await prismStatus(mock, body)).toBe(200);
  });
});

describe.each([
  ["bodies the docs rule out", rejectedByDocs],
  ["bodies this contract rules out", rejectedByContract],
])("%s", (_group, bodies) => {
  test.for(Object.entries(bodies))("%s: Ajv rejects it", ([, body]) => {
    expect(validate(body)).toBe(false);
  });
  test.for(Object.entries(bodies))("%s: Prism answers 400", { timeout: 20_000 }, async ([, body], { mock }) => {
    expect(await prismStatus(mock, body)).toBe(400);
  });
});
