// Proof that every check can fail, for its own break: the simulator, a Nexor written from the docs, is started with
// one broken mode on a few operations (`breaks: ["mode:op1,op2"]`), and the live run must fail with a report that
// names a request to each of those operations under the check for that promise, and nothing else: no other check,
// no other operation. A run that fails for another reason does not count. The report never shows the key, even
// where the broken server echoes it.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { routes } from "../../simulator/routes.js";
import { checkNames } from "../support/checks/index.js";
import type { CheckName } from "../support/checks/types.js";
import { operationById, operations } from "../support/operations.js";
import { judgeLive, type OptIns } from "../support/simulator-judge.js";

interface BrokenMode {
  /** The simulator's mode: it breaks one documented promise. */
  mode: string;
  /** The spec's operations it is broken on (a few, of different tags, that the live plan exercises that way). */
  on: string[];
  /** The check that must report it, and the operations it must report it on (default: every one of `on`). */
  expected: CheckName;
  reportedOn?: string[];
  /** What the live run must opt into for the cases that meet the break (sends: the test lead's reads and sends). */
  optIns: OptIns;
  /** Text the report must show, so that a person can find the problem. */
  mentions: string[];
}

const brokenModes: BrokenMode[] = [
  {
    // It also echoes the key it received: the report must hide it.
    mode: "wrong-type-field",
    on: ["listTemplates", "listTags", "isLeadPaused", "sendMessage"],
    expected: "response_schema_conformance",
    optIns: "sends",
    mentions: ["does not match the schema documented for 2", "must be"],
  },
  {
    mode: "undocumented-status",
    on: ["listTemplates", "isLeadPaused", "sendMessage"],
    expected: "status_code_conformance",
    optIns: "sends",
    mentions: ["299 is not documented for"],
  },
  {
    mode: "html-content-type",
    on: ["listTags", "getLeadHistory", "sendMessage"],
    expected: "content_type_conformance",
    optIns: "sends",
    mentions: ["served as text/html; charset=utf-8; the contract documents application/json for 2"],
  },
  {
    // Operations whose 2xx includes the 200 it answers, so that only the promise to reject is broken.
    mode: "accepts-invalid",
    on: ["sendMessage", "getLeadHistory", "createLeads", "updateMasterWorkflow"],
    expected: "negative_data_rejection",
    optIns: "none",
    mentions: ["a request the contract rules out (documented: ", "; the contract promises a 4xx"],
  },
  {
    mode: "undocumented-4xx",
    on: ["sendMessage", "createTag", "getLead", "listConversions"],
    expected: "status_code_conformance",
    optIns: "none",
    mentions: ["418 is not documented for"],
  },
  {
    mode: "no-auth",
    on: ["listTags", "getLead", "createTag", "sendMessage"],
    expected: "ignored_auth",
    optIns: "none",
    mentions: ["a request without an X-API-Key was answered ", "; the contract promises 401"],
  },
  {
    // Only the reads: the write among them must keep its promise.
    mode: "no-auth-on-reads",
    on: ["listTemplates", "getLeadHistory", "createTag"],
    expected: "ignored_auth",
    reportedOn: ["listTemplates", "getLeadHistory"],
    optIns: "none",
    mentions: ["a request without an X-API-Key was answered "],
  },
  {
    // Like Prism, it checks only that a key is present.
    mode: "any-key",
    on: ["listConversions", "isLeadPaused", "updateTag"],
    expected: "ignored_auth",
    optIns: "none",
    mentions: ["a request with an invalid X-API-Key was answered "],
  },
  {
    // It echoes the key it was sent, shaped like a real one for the invalid-key case: the report must hide it.
    mode: "wrong-401-shape",
    on: ["listTags", "createTag", "getProcessor"],
    expected: "response_schema_conformance",
    optIns: "none",
    mentions: ["#/components/schemas/ErrorResponse/required", "must have required property 'error'"],
  },
  {
    mode: "401-undocumented-body",
    on: ["listTemplates", "createProcessor", "deleteTag"],
    expected: "ignored_auth",
    optIns: "none",
    mentions: ['answered 401 without the documented body {"error":"Missing API key"'],
  },
  {
    mode: "500-on-valid",
    on: ["listTags", "getLead", "sendMessage"],
    expected: "not_a_server_error",
    optIns: "sends",
    mentions: ["the server failed with 500"],
  },
  {
    // Operations that document the 400 it answers, so that only the promise to accept is broken; not listTemplates,
    // whose keyed pre-flight answered with a refusal would read as a rejected key.
    mode: "400-on-valid",
    on: ["listConversions", "getLeadHistory", "sendMessage"],
    expected: "positive_data_acceptance",
    optIns: "sends",
    mentions: ["a request the contract allows was answered 400", "; the contract promises 2xx"],
  },
  {
    mode: "wrong-list-item",
    on: ["getLeadHistory", "listConversions"],
    expected: "response_schema_conformance",
    optIns: "sends",
    mentions: ["does not match the schema documented for 200"],
  },
  {
    mode: "unparseable-json",
    on: ["listConversionTypes", "isLeadPaused", "sendMessage"],
    expected: "response_schema_conformance",
    optIns: "sends",
    mentions: ["body is served as JSON but does not parse"],
  },
  {
    mode: "missing-total",
    on: ["listConversions"],
    expected: "response_schema_conformance",
    optIns: "none",
    mentions: ["must have required property 'total'"],
  },
];

// The simulator names its operations in its own words; the two are matched by method and path.
const template = (path: string) => path.replace(/\{[^}]+\}|:[^/]+/g, "{}");
const simulatorName = (operationId: string) => {
  const { method, path } = operationById(operationId);
  const route = routes.find((candidate) => candidate.method === method && template(candidate.path) === template(path));
  if (!route) throw new Error(`the simulator serves no ${method} ${path}`);
  return route.operation;
};

/** Every `check: …` block of a printed report: the check, the operationId of its case, and its request line. */
function reported(output: string): Array<{ check: string; operationId: string; request: string }> {
  const blocks = output.split("\n\n").filter((block) => /^[a-z_]+: /.test(block) && block.includes("\n  case      "));
  return blocks.map((block) => ({
    check: block.slice(0, block.indexOf(":")),
    operationId: /\n {2}case {6}(\w+): /.exec(block)?.[1] ?? "",
    request: /\n {2}request {3}(\S+ \S+)/.exec(block)?.[1] ?? "",
  }));
}

const seed = 20261203;

describe.each(brokenModes)("a simulator broken by $mode", ({ mode, on, expected, reportedOn = on, optIns, mentions }) => {
  test(`is failed under ${expected} on exactly the operations it broke, each report naming a request to that operation, without the key`, async () => {
    const run = await judgeLive({ breaks: [`${mode}:${on.map(simulatorName).join(",")}`] }, seed, optIns, {
      NEXOR_CONTRACT_OPERATIONS: on.join(","),
      NEXOR_CONTRACT_CASES: "1",
    });
    expect(run.code, run.output).toBe(1);
    const found = reported(run.output);
    expect(new Set(found.map(({ check, operationId }) => `${check} ${operationId}`)), run.output).toEqual(
      new Set(reportedOn.map((operationId) => `${expected} ${operationId}`)),
    );
    for (const { operationId, request } of found) {
      const { method, path } = operationById(operationId);
      const pattern = new RegExp(`^${method} http://127\\.0\\.0\\.1:\\d+/api/public${path.replace(/\{[^}]+\}/g, "[^/?]+")}(\\?|$)`);
      expect(request).toMatch(pattern);
    }
    for (const fragment of mentions) expect(run.output).toContain(fragment);
    expect(run.output).not.toContain(run.apiKey);
    expect(run.output).not.toMatch(/nxr_live_[0-9a-f]/);
  });
});

test("the modes that echo the key did send it back, so hiding it in the reports was needed", async () => {
  // The terminal folds the invalid-key case into the missing-key one's report; the NDJSON report keeps every exchange.
  const folder = await mkdtemp(join(tmpdir(), "nexor-echo-"));
  try {
    const path = join(folder, "run.ndjson");
    const run = await judgeLive(
      { breaks: ["wrong-401-shape"] },
      seed,
      "none",
      { NEXOR_CONTRACT_OPERATIONS: "listTags" },
      {
        reports: [{ format: "ndjson", path }],
      },
    );
    const exchanges = await readFile(path, "utf8");
    expect(exchanges).toMatch(/\\?"key\\?":\\?"\[redacted\]/);
    expect(`${run.output}${exchanges}`).not.toContain(run.apiKey);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test("between them the broken modes make every check fail that a server can break", () => {
  const proven = new Set(brokenModes.map((mode) => mode.expected));
  // response_headers_conformance (the spec documents no response header) and mock_violations (a Prism-only header)
  // are made to fail on synthetic exchanges in synthetic-checks.test.ts; client_conformance, whose break is the
  // client's and not the server's, through planted clients in client-conformance.test.ts.
  expect([...proven, "response_headers_conformance", "mock_violations", "client_conformance"].sort()).toEqual([...checkNames].sort());
  expect(brokenModes.flatMap((mode) => mode.on).every((operationId) => operations.some((one) => one.operationId === operationId))).toBe(
    true,
  );
});
