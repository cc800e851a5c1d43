// The two checks no local server can make fail through this spec: it documents no response header, and only Prism
// sends `sl-violations`. Each is handed an exchange built by hand, once conforming and once broken.
import { describe, expect, test } from "vitest";
import type { ContractCase } from "../support/cases/contract-case.js";
import { mockViolations } from "../support/checks/mock-violations.js";
import { responseHeadersConformance } from "../support/checks/response-headers-conformance.js";
import type { CheckFailure, Exchange } from "../support/checks/types.js";
import { documentedResponse } from "../support/spec.js";

const request = { operationId: "sendMessage", credentials: "valid" as const, path: {}, query: [], body: "{}" };
const positive: ContractCase = { ...request, name: "accepts the call example", kind: "positive", phase: "examples" };
const negative: ContractCase = {
  ...request,
  name: "rejects a call body without channel",
  kind: "negative",
  phase: "coverage",
  rule: "documented",
  breaks: "required body /channel",
};

function exchange(overrides: Partial<Exchange> & { headers?: Record<string, string> }): Exchange {
  const { headers = {}, ...rest } = overrides;
  return {
    target: "mock",
    operationId: "sendMessage",
    case: positive,
    request: { method: "POST", url: "http://127.0.0.1:1/messages", headers: { "x-api-key": "nxr_live_synthetic_key" }, body: "{}" },
    response: { status: 200, headers: { "content-type": "application/json", ...headers }, body: '{"success":true}' },
    documented: documentedResponse("sendMessage", 200),
    secrets: ["nxr_live_synthetic_key"],
    ...rest,
  };
}

describe("response_headers_conformance", () => {
  // The 200 response as if the spec documented a required X-Request-Id holding a UUID (the LeadId schema).
  const documented = documentedResponse("sendMessage", 200)!;
  const withHeader = {
    ...documented,
    response: { ...documented.response, headers: { "X-Request-Id": { required: true, schema: { $ref: "#/components/schemas/LeadId" } } } },
  };

  test("passes when a documented required header is present and matches its schema", () => {
    expect(
      responseHeadersConformance(exchange({ documented: withHeader, headers: { "x-request-id": "3c90c3cc-0d44-4b50-8888-8dd25736052a" } })),
    ).toBe("passed");
  });
  test("fails when a documented required header is missing", () => {
    const verdict = responseHeadersConformance(exchange({ documented: withHeader })) as CheckFailure;
    expect(verdict.check).toBe("response_headers_conformance");
    expect(verdict.message).toContain("missing required X-Request-Id");
  });
  test("fails when a documented header breaks its schema, naming the schema keyword", () => {
    const verdict = responseHeadersConformance(exchange({ documented: withHeader, headers: { "x-request-id": "req-1" } })) as CheckFailure;
    expect(verdict.schemaErrors).toEqual([
      { schemaPath: "#/components/schemas/LeadId/format", instancePath: "header X-Request-Id", message: 'must match format "uuid"' },
    ]);
  });
  test("does not apply where the spec documents no header", () => {
    expect(responseHeadersConformance(exchange({}))).toBe("not applicable");
  });
});

describe("mock_violations", () => {
  const violations = (...located: string[][]) =>
    JSON.stringify(located.map((location) => ({ location, severity: "Error", message: "broken" })));

  test("passes a valid request answered without sl-violations", () => {
    expect(mockViolations(exchange({}))).toBe("passed");
  });
  test("fails a valid request answered with any sl-violations header", () => {
    const verdict = mockViolations(exchange({ headers: { "sl-violations": violations(["request", "body"]) } })) as CheckFailure;
    expect(verdict.message).toBe("the mock reports violations of the contract: request.body: broken");
  });
  test("passes a rejected request whose violations are all located in the request", () => {
    expect(mockViolations(exchange({ case: negative, headers: { "sl-violations": violations(["request", "body", "lead_id"]) } }))).toBe(
      "passed",
    );
  });
  test("fails a rejected request with a violation located in the response", () => {
    const verdict = mockViolations(
      exchange({ case: negative, headers: { "sl-violations": violations(["request"], ["response", "body", "success"]) } }),
    ) as CheckFailure;
    expect(verdict.message).toBe("the mock reports violations of the contract: response.body.success: broken");
  });
  test("does not apply to a server other than the mock", () => {
    expect(mockViolations(exchange({ target: "live", headers: { "sl-violations": violations(["response"]) } }))).toBe("not applicable");
  });
});
