// Proof that every check can fail: the whole plan of every operation is run against conforming local servers, which
// must pass, and against servers that each break one promise, which must be reported under exactly the check for
// that promise, on operations of every tag, on the self-check's full plan and on the live plan alike, with a report
// that shows no key.
import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import type { ContractCase } from "../support/cases/contract-case.js";
import { planCases } from "../support/cases/plan.js";
import { checkNames } from "../support/checks/index.js";
import type { CheckName } from "../support/checks/types.js";
import { operations, operationTags } from "../support/operations.js";
import { formatFailures } from "../support/report.js";
import { type CaseResult, runPlan } from "../support/runner.js";
import type { Target } from "../support/target.js";
import { type Answer, type AnsweringServer, answeringInMemory } from "./answering-server.js";
import { type BrokenServer, brokenServers } from "./broken-servers.js";
import { conformingAnswer } from "./conforming-server.js";
import { test } from "./fixtures.js";

const seed = 20261125;
// No `nxr_live_` prefix: hiding it relies on the exact value, not on the shape of a Nexor key.
const apiKey = `selfcheck-canary-${randomUUID()}`;
const ids = { leadId: randomUUID(), workflowId: randomUUID(), templateId: randomUUID() };
// Few random cases: the coverage phase already sends every rule once.
const targets: Record<"local" | "live", Omit<Target, "baseUrl">> = {
  local: { kind: "local", apiKey, seed, cases: 1, timeoutMs: 5_000, ids: {} },
  live: { kind: "live", apiKey, seed, cases: 1, timeoutMs: 5_000, ids, sends: ["whatsapp", "email", "call"] },
};
// Plans are plain data: made once, sent to every server.
const plans = { local: planCases({ ...targets.local, baseUrl: "" }), live: planCases({ ...targets.live, baseUrl: "" }) };

interface Run {
  calls: AnsweringServer["calls"];
  results: CaseResult[];
}

// A plan run against `answer`: in memory, or over a real loopback socket when `answering` is given.
async function run(
  answer: Answer,
  kind: "local" | "live",
  cases: ContractCase[] = plans[kind],
  answering?: (answer: Answer) => Promise<AnsweringServer>,
) {
  const server = answering ? { ...(await answering(answer)), transport: undefined } : answeringInMemory(answer);
  const { results, stoppedBy } = await runPlan({ ...targets[kind], baseUrl: server.url }, cases, undefined, server.transport);
  expect(stoppedBy).toBeUndefined();
  return { calls: server.calls, results } satisfies Run;
}

const failuresOf = ({ results }: Run) => results.flatMap((result) => result.failures);
const firedChecks = (done: Run) => [...new Set(failuresOf(done).map((failure) => failure.check))].sort();
const failingTags = (done: Run) =>
  [...new Set(done.results.filter((result) => result.failures.length).map((result) => operationTagOf(result.case.operationId)))].sort();
const operationTagOf = (operationId: string) => operations.find((operation) => operation.operationId === operationId)!.tag;

// For a server broken on every operation: the cases of the kind it breaks, of one operation of each tag that has
// such cases, a different one for each server, so that between them the broken servers meet many operations while
// each run stays short. A tag none of whose operations has such cases cannot show the break (a list without parameters has no
// negative case): it is left out, and `breakableTags` says which tags those are.
function sample(cases: ContractCase[], server: Pick<BrokenServer, "needs" | "breaksOn">, index: number): ContractCase[] {
  const chosen = new Set(
    operationTags.flatMap((tag) => {
      const tagged = operationsWith(cases, server).filter((operation) => operation.tag === tag);
      return tagged.length ? [tagged[index % tagged.length]!.operationId] : [];
    }),
  );
  // Only the cases whose answers it changes: on every other case it answers as the conforming server, which passes.
  return cases.filter((contractCase) => chosen.has(contractCase.operationId) && contractCase.kind === server.needs);
}

const operationsWith = (cases: ContractCase[], { needs, breaksOn }: Pick<BrokenServer, "needs" | "breaksOn">) =>
  operations.filter(
    (operation) =>
      (breaksOn?.(operation) ?? true) &&
      cases.some((contractCase) => contractCase.operationId === operation.operationId && contractCase.kind === needs && !contractCase.skip),
  );
const breakableTags = (server: Pick<BrokenServer, "needs" | "breaksOn">) =>
  [...new Set(operationsWith(plans.local, server).map((operation) => operation.tag))].sort();

describe("a conforming local server", () => {
  test("passes every case of every operation on the local plan", async () => {
    const done = await run(conformingAnswer(apiKey), "local");
    expect(failuresOf(done), formatFailures(failuresOf(done), seed)).toEqual([]);
    expect(new Set(done.results.map((result) => result.case.operationId))).toEqual(
      new Set(operations.map(({ operationId }) => operationId)),
    );
    expect(new Set(done.results.map((result) => result.case.kind))).toEqual(new Set(["positive", "negative", "auth"]));
    // Green must mean the checks ran: each one that a local server can be judged by passed somewhere.
    const passed = new Set(done.results.flatMap((result) => result.passed));
    const provenElsewhere: CheckName[] = ["response_headers_conformance", "mock_violations"];
    expect([...passed].sort()).toEqual(checkNames.filter((name) => !provenElsewhere.includes(name)).sort());
  });

  test("that looks the ids up before it reads the body passes the live plan over HTTP: a 404 for a random id is a rejection", async ({
    answering,
  }) => {
    const done = await run(
      conformingAnswer(apiKey, { knownIds: [ids.leadId, ids.workflowId, ids.templateId] }),
      "live",
      plans.live,
      answering,
    );
    expect(failuresOf(done), formatFailures(failuresOf(done), seed)).toEqual([]);
    expect(new Set(done.results.map((result) => result.case.kind))).toEqual(new Set(["positive", "negative", "auth"]));
    // The plan holds negatives aimed at random ids, and this server answered some of them 404, not 400.
    expect(done.results.some((result) => result.case.kind === "negative" && result.exchange?.response.status === 404)).toBe(true);
  });
});

describe.each(brokenServers.map((server, index) => ({ ...server, index })))("a server that answers with $breaks", (server) => {
  test("is reported under exactly the expected check, on every tag it can show it, on the local and the live plan, naming the cause without the key", async () => {
    for (const kind of ["local", "live"] as const) {
      const done = await run(server.answer(apiKey), kind, sample(plans[kind], server, server.index));
      const report = formatFailures(failuresOf(done), seed);
      expect(firedChecks(done), report).toEqual([...server.expected].sort());
      if (kind === "local") {
        expect(breakableTags(server).length).toBeGreaterThan(0);
        expect(failingTags(done)).toEqual(breakableTags(server));
      }
      for (const check of server.expected) expect(report).toContain(`${check}: `);
      expect(report).toMatch(/request {3}[A-Z]+ http:\/\/server-\d+\.in-memory\.invalid\/api\/public\//);
      expect(report).toContain(`NEXOR_CONTRACT_SEED=${seed}`);
      for (const fragment of server.reportMentions) expect(report).toContain(fragment);
      expect(report).not.toContain(apiKey);
      expect(JSON.stringify(failuresOf(done))).not.toContain(apiKey);
      expect(report).not.toMatch(/nxr_live_[0-9a-f]/);
    }
  });
});

test("the servers that echo the key did send it back, so hiding it in the reports was needed", async () => {
  const echoing = brokenServers.find((server) => server.breaks === "a field of the wrong type")!;
  const done = await run(echoing.answer(apiKey), "live", sample(plans.live, echoing, 0));
  expect(done.calls.some((call) => call.reply.body.includes(apiKey))).toBe(true);
  expect(formatFailures(failuresOf(done), seed)).toContain("[redacted]");
});

test("between them the broken servers make every check fail that a server can break", () => {
  const proven = new Set(brokenServers.flatMap((server) => server.expected));
  // response_headers_conformance (the spec documents no response header) and mock_violations (a Prism-only header)
  // are made to fail on synthetic exchanges in synthetic-checks.test.ts.
  expect([...proven, "response_headers_conformance", "mock_violations"].sort()).toEqual([...checkNames].sort());
});

test("every tag can show every kind of break but the negatives of tags whose operations take no input", () => {
  expect(breakableTags({ needs: "positive" })).toEqual([...operationTags].sort());
  expect(breakableTags({ needs: "auth" })).toEqual([...operationTags].sort());
  const withoutNegatives = operationTags.filter((tag) => !breakableTags({ needs: "negative" }).includes(tag));
  for (const tag of withoutNegatives) {
    for (const operation of operations.filter((candidate) => candidate.tag === tag)) {
      expect(
        plans.local.filter(
          (contractCase) => contractCase.operationId === operation.operationId && contractCase.kind === "negative" && !contractCase.skip,
        ),
      ).toEqual([]);
    }
  }
});
