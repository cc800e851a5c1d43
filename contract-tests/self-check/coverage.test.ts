// Coverage counts what a run exercised and nothing else: the statuses the spec marks `x-nexor-unreachable` are not
// reachable (never missed, whatever --fail-on-missing-coverage says); a response variant is matched only by an answer
// that fits it; a request keyword is exercised by a valid request that carried a value there, or by the invalid
// request that broke it. Figures from hand-built results first, then from a run against a fixture server.
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { runLive } from "../cli/run-live.js";
import type { ContractCase } from "../support/cases/contract-case.js";
import { operations } from "../support/operations.js";
import { coverageOf, coverageRows, missedCoverage, type OperationCoverage, unreachableReason } from "../support/reports/coverage.js";
import { type Outcome, outcomeOf } from "../support/reports/outcome.js";
import type { CaseResult } from "../support/runner.js";
import { spec } from "../support/spec.js";
import { test } from "./fixtures.js";

// A fresh id: the contract refuses the ids its own examples print.
const leadId = randomUUID();

// A result as the runner makes it, answered `status` with `body` (or not answered at all).
function result(
  contractCase: Partial<ContractCase> & Pick<ContractCase, "operationId" | "kind">,
  answer?: { status: number; body: string },
): CaseResult {
  const full: ContractCase = { name: "a case", phase: "coverage", credentials: "valid", path: {}, query: [], ...contractCase };
  return {
    case: full,
    ...(answer && {
      exchange: {
        target: "live",
        operationId: full.operationId,
        case: full,
        request: { method: "GET", url: "http://127.0.0.1:9/", headers: {} },
        response: { status: answer.status, headers: { "content-type": "application/json" }, body: answer.body },
        documented: undefined,
        secrets: [],
      },
    }),
    failures: [],
    passed: [],
  } as CaseResult;
}

const reached = (status: number): Outcome =>
  outcomeOf(result({ operationId: "completeMeeting", kind: "positive", path: { id: leadId } }, { status, body: "{}" }));

describe("statuses the spec marks x-nexor-unreachable", () => {
  test("are exactly every operation's 500 and the meeting outcomes' MCP-only 403, each with the spec's reason", () => {
    const marked = operations.flatMap(({ operationId, responses }) =>
      responses.filter((key) => unreachableReason(operationId, key)).map((key) => `${key} ${operationId}`),
    );
    expect(marked.filter((entry) => entry.startsWith("500 "))).toHaveLength(operations.length);
    expect(marked.filter((entry) => !entry.startsWith("500 ")).sort()).toEqual([
      "403 cancelMeeting",
      "403 completeMeeting",
      "403 markMeetingNoShow",
    ]);
    expect(unreachableReason("completeMeeting", "403")).toBe(
      "only MCP keys carry scopes, and a REST key, as the contract run uses, never gets it",
    );
    // Read from the spec, not guessed from a description: without the extension the same 500 is reachable.
    const internal = spec.components!.responses!.InternalServerError as Record<string, unknown>;
    const reason = internal["x-nexor-unreachable"];
    delete internal["x-nexor-unreachable"];
    try {
      expect(unreachableReason("createTag", "500")).toBeUndefined();
    } finally {
      internal["x-nexor-unreachable"] = reason;
    }
  });

  test("are reported as not reachable, with the reason, and never as missed, even by --fail-on-missing-coverage", () => {
    const [entry] = coverageOf([200, 400, 401, 404].map(reached), ["completeMeeting"]);
    expect(entry!.statuses).toEqual({
      documented: ["200", "400", "401", "403", "404", "500"],
      seen: ["200", "400", "401", "404"],
      unreachable: ["403", "500"],
      missing: [],
      why: {
        "403": "only MCP keys carry scopes, and a REST key, as the contract run uses, never gets it",
        "500": "a healthy server never fails, and no documented request makes it answer 500",
      },
    });
    expect(missedCoverage([entry!])).toEqual([]);
    expect(coverageRows([entry!])[0]![2]).toBe("4/4");
    // A reachable status never seen is missed, and named.
    expect(missedCoverage(coverageOf([200, 401, 404].map(reached), ["completeMeeting"]))).toEqual([
      "completeMeeting: documented status 400 never seen",
    ]);
  });
});

describe("response variants and request keywords", () => {
  test("count what hand-built answers matched and cases exercised, and nothing else", () => {
    const tag = JSON.stringify({ data: { id: leadId, name: "Hot", slug: "hot", created_at: "2026-01-05T10:00:00Z" } });
    const outcomes = [
      // A valid body without `description`: every keyword of what it carried is kept, none of `description`'s.
      result({ operationId: "createTag", kind: "positive", body: '{"name":"Hot","slug":"hot"}' }, { status: 201, body: tag }),
      // An invalid one breaks the rule it names; one that got no answer exercised nothing.
      result(
        { operationId: "createTag", kind: "negative", breaks: "required body /name", body: '{"slug":"hot"}' },
        { status: 400, body: "{}" },
      ),
      result({ operationId: "createTag", kind: "negative", breaks: "type body /description", body: '{"description":4}' }),
      // The envelope of a lead matches the envelope branch only, though the profile branch is open enough to hold it.
      result(
        { operationId: "getLead", kind: "positive", path: { id: leadId } },
        { status: 200, body: JSON.stringify({ lead: { id: leadId } }) },
      ),
      // A field of another variant breaks the closed object: its `additionalProperties`.
      result({ operationId: "sendMessage", kind: "negative", breaks: "another variant's field body /" }, { status: 400, body: "{}" }),
      // A query parameter sent exercises its schema's keywords; a path parameter is always sent.
      result(
        { operationId: "getLeadHistory", kind: "positive", path: { id: leadId }, query: [["limit", "5"]] },
        { status: 404, body: "{}" },
      ),
    ].map(outcomeOf);
    const byId = (coverage: OperationCoverage[], operationId: string) => coverage.find((entry) => entry.operationId === operationId)!;
    const coverage = coverageOf(outcomes, ["createTag", "getLead", "sendMessage", "getLeadHistory"]);

    expect(byId(coverage, "createTag").keywords).toEqual({
      documented: [
        "type body /",
        "required body /name",
        "required body /slug",
        "type body /name",
        "type body /slug",
        "type body /description",
      ],
      positive: ["type body /", "required body /name", "required body /slug", "type body /name", "type body /slug"],
      negative: ["required body /name"],
    });
    expect(byId(coverage, "createTag").responseVariants).toEqual({ documented: [], matched: [] });
    expect(byId(coverage, "getLead").responseVariants).toEqual({ documented: ["LeadProfile", "LeadEnvelope"], matched: ["LeadEnvelope"] });
    expect(byId(coverage, "getLead").keywords.positive).toEqual(["type path id", "format path id"]);
    expect(byId(coverage, "sendMessage").keywords.negative).toEqual(["additionalProperties body /"]);
    expect(byId(coverage, "sendMessage").keywords.positive).toEqual([]);
    expect(byId(coverage, "getLeadHistory").keywords.positive).toEqual([
      "type path id",
      "format path id",
      "type query limit",
      "minimum query limit",
      "maximum query limit",
    ]);
    // The table's two columns: response variants matched, keywords exercised either way.
    expect(coverageRows(coverage).map((row) => row.slice(-2))).toEqual([
      ["–", "5/6"],
      ["1/2", "2/2"],
      ["–", `1/${byId(coverage, "sendMessage").keywords.documented.length}`],
      ["0/4", "5/10"],
    ]);
  });

  test("are right on a fixture server, on the terminal and in the NDJSON summary", async ({ serve }) => {
    // Answers every keyed read with one documented body: a lead in its envelope, a history of a system activity
    // and a message (two of the four kinds of item), and a keyless one with the documented 401.
    const apiKey = `nxr_live_coverage${randomUUID().replaceAll("-", "")}`;
    const activity = {
      channel: "system",
      activity_type: "workflow_assigned",
      title: "Workflow assigned",
      timestamp: "2026-02-10T12:00:01Z",
    };
    const message = {
      id: leadId,
      channel: "whatsapp",
      direction: "outbound",
      content: "Hi",
      status: "read",
      timestamp: "2026-02-10T12:05:00Z",
    };
    const server = await serve((request, response) => {
      const json = (status: number, value: unknown) =>
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (request.headers["x-api-key"] !== apiKey) return json(401, { error: "Missing API key" });
      if (request.path.includes("/history")) return json(200, { success: true, history: [activity, message] });
      return json(200, { lead: { id: leadId, first_name: "John" } });
    });
    const folder = await mkdtemp(join(tmpdir(), "nexor-contract-coverage-"));
    try {
      const lines: string[] = [];
      await runLive(
        {
          NEXOR_BASE_URL: `${server.url}/api/public`,
          NEXOR_API_KEY: apiKey,
          NEXOR_CONTRACT_OPERATIONS: "getLead,getLeadHistory",
          NEXOR_LEAD_ID: leadId,
          NEXOR_CONTRACT_CASES: "1",
          NEXOR_CONTRACT_SEED: "5",
        },
        (line) => lines.push(...line.split("\n")),
        { reports: [{ format: "ndjson", path: join(folder, "run.ndjson") }] },
      );
      const records = (await readFile(join(folder, "run.ndjson"), "utf8"))
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      const { coverage } = records.find((record) => record.type === "summary") as { coverage: OperationCoverage[] };
      const [lead, history] = coverage;
      expect(lead!.responseVariants).toEqual({ documented: ["LeadProfile", "LeadEnvelope"], matched: ["LeadEnvelope"] });
      expect(history!.responseVariants).toEqual({
        documented: ["ActivityHistoryItem", "MessageHistoryItem", "MissedCallHistoryItem", "CallHistoryItem"],
        matched: ["ActivityHistoryItem", "MessageHistoryItem"],
      });
      // A read with every query parameter keeps all ten keywords; the invalid reads break the parameters' rules.
      expect(history!.keywords.positive).toEqual(history!.keywords.documented);
      expect(history!.keywords.documented).toHaveLength(10);
      expect(history!.keywords.negative).toEqual(
        expect.arrayContaining(["format path id", "minimum query limit", "maximum query limit", "enum query channel/*"]),
      );
      const exchanges = records.filter((record) => record.type === "exchange");
      // Each negative's rule is a documented keyword of its operation, counted as broken.
      for (const { case: sent } of exchanges.filter(
        (record) => record.case.kind === "negative" && record.operationId === "getLeadHistory" && !record.case.expectedStatus,
      )) {
        expect(history!.keywords.negative).toContain(sent.breaks);
      }
      const row = lines.find((line) => line.trimStart().startsWith("getLeadHistory "))!;
      expect(
        row
          .trim()
          .split(/\s{2,}/)
          .slice(-2),
      ).toEqual(["2/4", "10/10"]);
      expect(
        lines
          .find((line) => line.trimStart().startsWith("getLead "))!
          .trim()
          .split(/\s{2,}/)
          .slice(-2),
      ).toEqual(["1/2", "2/2"]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("the documented 404 of a read", () => {
  test("is provoked with ids that name nothing, seen by coverage, and a 400 there breaks the promise naming it", async ({ serve }) => {
    const apiKey = `nxr_live_notfound${randomUUID().replaceAll("-", "")}`;
    // A processor server that answers every keyed read of an id with `status`, and a keyless one with the 401.
    const run = async (status: number) => {
      const server = await serve((request, response) => {
        const json = (code: number, value: unknown) =>
          response.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(value));
        if (request.headers["x-api-key"] !== apiKey) return json(401, { error: "Missing API key" });
        return json(status, { error: status === 404 ? "Processor not found" : "Validation failed" });
      });
      const lines: string[] = [];
      const env = { NEXOR_BASE_URL: `${server.url}/api/public`, NEXOR_API_KEY: apiKey, NEXOR_CONTRACT_OPERATIONS: "getProcessor" };
      await runLive({ ...env, NEXOR_CONTRACT_CASES: "0" }, (line) => lines.push(...line.split("\n")));
      const reads = server.requests.filter(
        (request) => request.headers["x-api-key"] === apiKey && /\/processors\/[0-9a-f-]{36}$/.test(request.path),
      );
      return { lines, reads };
    };

    const found = await run(404);
    // One keyed read of a well-formed id (the negatives send ids that are not UUIDs, the auth cases no valid key),
    // and its 404 seen; the 200 needs a processor of the account's, which only the processors round trip reads.
    expect(found.reads).toHaveLength(1);
    expect(found.lines.find((line) => line.trimStart().startsWith("getProcessor "))).toMatch(
      /^\s+getProcessor\s+\d+\s+2\/4 \(missing 200, 400\)/,
    );
    expect(found.lines.join("\n")).not.toContain("names nothing) was answered");

    const refused = await run(400);
    expect(refused.lines).toContain(
      "negative_data_rejection: a request the contract rules out (documented: an existing id: a fresh random id names nothing) was answered 400; the docs promise 404",
    );
  });
});
