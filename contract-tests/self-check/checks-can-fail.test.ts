// Proof that every check can fail: the whole plan is run against a conforming local server, which must pass, and
// against servers that each break one promise, which must be reported under exactly the check for that promise,
// on the self-check's full plan and on the live plan alike, with a report that shows no key.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, test } from "vitest";
import { operationId, planCases } from "../support/cases/plan.js";
import { checkNames } from "../support/checks/index.js";
import type { CheckName } from "../support/checks/types.js";
import { formatFailures } from "../support/report.js";
import { type CaseResult, runCases } from "../support/runner.js";
import type { Target, TargetKind } from "../support/target.js";
import { type Answer, type AnsweringServer, startAnsweringServer } from "./answering-server.js";
import { brokenServers } from "./broken-servers.js";
import { conformingAnswer } from "./conforming-server.js";

const seed = 20261125;
// No `nxr_live_` prefix: hiding it relies on the exact value, not on the shape of a Nexor key.
const apiKey = `selfcheck-canary-${randomUUID()}`;
const sends = {
  channels: ["whatsapp", "email", "call"] as const,
  leadId: randomUUID(),
  workflowId: randomUUID(),
  templateId: randomUUID(),
};

const servers: AnsweringServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

interface Run {
  server: AnsweringServer;
  results: CaseResult[];
}

async function run(answer: Answer, kind: Exclude<TargetKind, "mock">): Promise<Run> {
  const server = await startAnsweringServer(answer);
  servers.push(server);
  const target: Target = {
    kind,
    baseUrl: server.url,
    apiKey,
    seed,
    cases: 2,
    ...(kind === "live" && { sends: { ...sends, channels: [...sends.channels] } }),
  };
  return { server, results: await runCases(target, operationId, planCases(target)) };
}

const failuresOf = ({ results }: Run) => results.flatMap((result) => result.failures);
const firedChecks = (done: Run) => [...new Set(failuresOf(done).map((failure) => failure.check))].sort();

describe("a conforming local server", () => {
  test.each(["local", "live"] as const)("passes every case of the %s plan", async (kind) => {
    const done = await run(conformingAnswer(apiKey), kind);
    expect(failuresOf(done), formatFailures(failuresOf(done), seed)).toEqual([]);
    expect(new Set(done.results.map((result) => result.exchange?.case.kind))).toEqual(new Set(["positive", "negative", "auth"]));
    // Green must mean the checks ran: each one that a local server can be judged by passed somewhere.
    const passed = new Set(done.results.flatMap((result) => result.passed));
    const provenElsewhere: CheckName[] = ["response_headers_conformance", "mock_violations"];
    expect([...passed].sort()).toEqual(checkNames.filter((name) => !provenElsewhere.includes(name)).sort());
  });
});

describe.each(brokenServers)("a server that answers with $breaks", (server) => {
  const runs = new Map<string, Promise<Run>>();
  const runOnce = (kind: "local" | "live") => runs.get(kind) ?? runs.set(kind, run(server.answer(apiKey), kind)).get(kind)!;

  test.each(["local", "live"] as const)("is reported under exactly the expected check on the %s plan", async (kind) => {
    expect(firedChecks(await runOnce(kind)), formatFailures(failuresOf(await runOnce(kind)), seed)).toEqual([...server.expected].sort());
  });

  test("gets a report naming the check, the request and the cause, with no key in it", async () => {
    const done = await runOnce("live");
    const report = formatFailures(failuresOf(done), seed);
    for (const check of server.expected) expect(report).toContain(`${check}: `);
    expect(report).toMatch(/request {3}POST http:\/\/127\.0\.0\.1:\d+\/api\/public\/messages/);
    expect(report).toContain(`NEXOR_CONTRACT_SEED=${seed}`);
    for (const fragment of server.reportMentions) expect(report).toContain(fragment);
    expect(report).not.toContain(apiKey);
    expect(JSON.stringify(failuresOf(done))).not.toContain(apiKey);
    expect(report).not.toMatch(/nxr_live_[0-9a-f]/);
  });
});

test("the servers that echo the key did send it back, so hiding it in the reports was needed", async () => {
  const echoing = brokenServers.filter((server) => server.breaks === "a field of the wrong type");
  const done = await run(echoing[0]!.answer(apiKey), "live");
  expect(done.server.calls.some((call) => call.reply.body.includes(apiKey))).toBe(true);
  expect(formatFailures(failuresOf(done), seed)).toContain("[redacted]");
});

test("between them the broken servers make every check fail that a server can break", () => {
  const proven = new Set(brokenServers.flatMap((server) => server.expected));
  // response_headers_conformance (the spec documents no response header) and mock_violations (a Prism-only header)
  // are made to fail on synthetic exchanges in synthetic-checks.test.ts.
  expect([...proven, "response_headers_conformance", "mock_violations"].sort()).toEqual([...checkNames].sort());
});
