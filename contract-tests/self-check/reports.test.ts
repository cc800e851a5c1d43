// The reports a CI user acts on, each written by a run against a small tags server with known passes and failures:
// JUnit parsed back, NDJSON replayed against a counting server, HAR read as JSON, markdown compared with a fixture
// and appended to $GITHUB_STEP_SUMMARY; the terminal ending with the summary; coverage and its option.
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runReplay } from "../cli/replay.js";
import { type LiveOptions, runLive } from "../cli/run-live.js";
import type { CheckFailure } from "../support/checks/types.js";
import { coverageOf } from "../support/reports/coverage.js";
import { markdownReport } from "../support/reports/markdown.js";
import type { Outcome } from "../support/reports/outcome.js";
import { startTagsServer, type TagsServer } from "./tags-server.js";

const apiKey = `nxr_live_reports${randomUUID().replaceAll("-", "")}`;
let folder: string;
let server: TagsServer;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "nexor-contract-reports-"));
  server = await startTagsServer(apiKey);
});
afterEach(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

const settings = (extra: Record<string, string> = {}) => ({
  NEXOR_BASE_URL: server.url,
  NEXOR_API_KEY: apiKey,
  NEXOR_CONTRACT_OPERATIONS: "listTags,createTag",
  NEXOR_CONTRACT_CASES: "1",
  NEXOR_CONTRACT_SEED: "7",
  ...extra,
});

async function live(env: Record<string, string>, options: LiveOptions = {}) {
  const lines: string[] = [];
  const code = await runLive(env, (line) => lines.push(...line.split("\n")), options);
  return { code, lines, output: lines.join("\n") };
}

const path = (name: string) => join(folder, name);
const every = (format: "junit" | "markdown" | "ndjson" | "har") => ({ format, path: path(`report.${format}`) });
const everyReport = () => [every("junit"), every("markdown"), every("ndjson"), every("har")];

interface Line {
  type: string;
  operationId?: string;
  request?: { method: string; url: string; body?: string };
  response?: { status: number };
  failures?: CheckFailure[];
}
const ndjson = async (file: string) =>
  (await readFile(file, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

describe("the reports of a run", () => {
  test("JUnit, NDJSON, HAR and markdown are written, redacted, and agree with each other and with the server", async () => {
    const summary = path("step-summary.md");
    await writeFile(summary, "earlier step\n");
    const { code, output } = await live(settings({ GITHUB_STEP_SUMMARY: summary }), { reports: everyReport() });
    expect(code, output).toBe(1);
    // The pre-flight's two requests are not cases; every other request the server got is an exchange line.
    const lines = await ndjson(path("report.ndjson"));
    expect(lines.every((line) => typeof line.type === "string")).toBe(true);
    expect(lines[0]!.type).toBe("run");
    expect(lines.at(-1)!.type).toBe("summary");
    const exchanges = lines.filter((line) => line.type === "exchange");
    expect(exchanges).toHaveLength(server.received.length - 2);
    expect(exchanges.map((line) => `${line.request!.method} ${new URL(line.request!.url).pathname}`)).toEqual(
      server.received.slice(2).map((call) => `${call.method} ${call.path.split("?")[0]}`),
    );
    for (const line of exchanges) {
      expect(line).toMatchObject({ operationId: expect.any(String), request: expect.any(Object), response: expect.any(Object) });
      expect(Array.isArray(line.failures)).toBe(true);
    }
    const failed = exchanges.filter((line) => line.failures!.length);
    // Every negative of createTag is accepted by this server, and nothing else fails.
    expect(failed.length).toBeGreaterThan(3);
    expect(failed.every((line) => line.failures!.every((failure) => failure.check === "negative_data_rejection"))).toBe(true);

    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(await readFile(path("report.junit"), "utf8"));
    const suites = [junit.testsuites.testsuite].flat() as Array<{ name: string; tests: string; failures: string; testcase: unknown }>;
    expect(suites.map((suite) => suite.name)).toEqual(["listTags", "createTag"]);
    const testcases = suites.flatMap((suite) => [suite.testcase].flat()) as Array<{
      name: string;
      failure?: { message: string; "#text": string };
    }>;
    expect(testcases).toHaveLength(exchanges.length);
    const failures = testcases.filter((testcase) => testcase.failure);
    expect(failures).toHaveLength(failed.length);
    for (const testcase of failures) {
      expect(testcase.failure!.message).toMatch(/^negative_data_rejection: a request the contract rules out/);
      expect(testcase.failure!["#text"]).toContain('-H "x-api-key: $NEXOR_API_KEY"');
    }
    expect(Number(junit.testsuites.failures)).toBe(failed.length);

    const har = JSON.parse(await readFile(path("report.har"), "utf8")) as {
      log: { version: string; entries: Array<{ request: { url: string }; response: { status: number } }> };
    };
    expect(har.log.version).toBe("1.2");
    expect(har.log.entries.map((entry) => entry.response.status)).toEqual(exchanges.map((line) => line.response!.status));

    const markdown = await readFile(path("report.markdown"), "utf8");
    expect(markdown).toMatch(/^## Nexor contract: ✗ \d+ broken promises in 1 operation\n/);
    expect(markdown).toContain("| `createTag` | 9 | negative_data_rejection ×");
    expect(markdown).toContain('"x-api-key: $NEXOR_API_KEY"');
    expect(await readFile(summary, "utf8")).toBe(`earlier step\n${markdown}\n`);

    for (const report of [...everyReport().map((report) => report.path), summary])
      expect(await readFile(report, "utf8")).not.toContain(apiKey);
    expect(output).not.toContain(apiKey);
  });

  test("the terminal ends with the summary: coverage, a tally by check, the verdict; repeats folded with a count, each with a curl", async () => {
    const { lines, output } = await live(settings());
    const end = lines.slice(lines.indexOf("contract: coverage"));
    expect(end[0]).toBe("contract: coverage");
    expect(end).toContainEqual(expect.stringMatching(/^ {2}createTag +\d+ +2\/4 \(missing 400, 409\)/));
    expect(end).toContainEqual("contract: by check (cases judged, cases that broke it)");
    expect(end).toContainEqual(expect.stringMatching(/^ {2}✗ negative_data_rejection +\d+ judged +\d+ broken$/));
    expect(end).toContainEqual(expect.stringMatching(/^ {2}✓ ignored_auth +4 judged +0 broken$/));
    expect(end.at(-1)).toMatch(/^contract: 6 cases passed, \d+ failed, 0 not run \(NEXOR_CONTRACT_SEED=7 repeats this run\)$/);
    // The coverage phase and the random phase break some rules twice: one report each, with a count.
    const folded = output.match(/^negative_data_rejection: /gm)!.length;
    const failed = Number(/, (\d+) failed/.exec(end.at(-1)!)![1]);
    expect(folded).toBeLessThan(failed);
    expect(output).toMatch(/ {2}repeats {3}\d+ more cases? broke it the same way/);
    expect(output.match(/^ {2}repeat {4}curl -sS -i -X POST '\S+\/tags' .*-H "x-api-key: \$NEXOR_API_KEY" --data-raw '/gm)).toHaveLength(
      folded,
    );
  });

  test("--fail-on-missing-coverage fails a run that never saw a documented status, and names it", async () => {
    const plain = await live(settings({ NEXOR_CONTRACT_OPERATIONS: "listTags" }));
    expect(plain.code, plain.output).toBe(0);
    const strict = await live(settings({ NEXOR_CONTRACT_OPERATIONS: "listTags" }), { failOnMissingCoverage: true });
    expect(strict.code).toBe(0);
    const tags = await live(settings(), { failOnMissingCoverage: true });
    expect(tags.lines).toContain("contract: coverage missed: createTag: documented status 400 never seen");
    expect(tags.lines).toContain("contract: coverage missed: createTag: documented status 409 never seen");
    // 500 is documented too, and a healthy server never gives it: not reachable, not missed.
    expect(tags.output).not.toMatch(/status 500 never seen/);
  });
});

describe("--replay", () => {
  test("re-sends exactly the failed exchanges, in order, and nothing else; exit 1 while they fail, 0 once the server is fixed", async () => {
    await live(settings(), { reports: [every("ndjson")] });
    const failed = (await ndjson(path("report.ndjson"))).filter((line) => line.type === "exchange" && line.failures!.length);
    const expected = failed.map((line) => ({
      method: line.request!.method,
      path: new URL(line.request!.url).pathname + new URL(line.request!.url).search,
      body: line.request!.body ?? "",
    }));
    expect(expected.length).toBeGreaterThan(3);

    const replay = async () => {
      server.received.length = 0;
      const lines: string[] = [];
      const env = { NEXOR_API_KEY: apiKey, NEXOR_BASE_URL: server.url };
      const code = await runReplay(path("report.ndjson"), env, (line) => lines.push(...line.split("\n")));
      return { code, lines, received: [...server.received] };
    };
    const still = await replay();
    expect(still.code).toBe(1);
    expect(still.received).toEqual(expected);
    expect(still.lines.join("\n")).not.toContain(apiKey);

    server.fix();
    const fixed = await replay();
    expect(fixed.code, fixed.lines.join("\n")).toBe(0);
    expect(fixed.received).toEqual(expected);
  });

  test("hears the replayed answers for drift: listed on the terminal and in the markdown, failing only under --fail-on-drift", async () => {
    await live(settings(), { reports: [every("ndjson")] });
    server.fix();
    server.drift();
    const env = { NEXOR_API_KEY: apiKey, NEXOR_BASE_URL: server.url };
    const replay = async (options: LiveOptions) => {
      const lines: string[] = [];
      const code = await runReplay(path("report.ndjson"), env, (line) => lines.push(...line.split("\n")), options);
      return { code, output: lines.join("\n") };
    };

    const informed = await replay({ reports: [{ format: "markdown", path: path("replay.md") }] });
    expect(informed.code, informed.output).toBe(0);
    expect(informed.output).toMatch(/^Drift: .*Information only: it does not fail the run/m);
    // The replayed negatives are now answered 400: the header is the drift they carry.
    expect(informed.output).toMatch(/createTag 400: undocumented header x-request-id/);
    expect(await readFile(path("replay.md"), "utf8")).toMatch(/### Drift[\s\S]*x-request-id/);

    const failing = await replay({ failOnDrift: true });
    expect(failing.code, failing.output).toBe(1);
    expect(failing.output).toMatch(/^contract: drift \(--fail-on-drift\): \d+ undeclared things? in the answers$/m);
    expect(failing.output).not.toContain(apiKey);
  });

  test("refuses a file that is not an NDJSON report with one line, exit 2, sending nothing", async () => {
    await writeFile(path("bad.ndjson"), "not json\n");
    const lines: string[] = [];
    const code = await runReplay(path("bad.ndjson"), { NEXOR_API_KEY: apiKey, NEXOR_BASE_URL: server.url }, (line) => lines.push(line));
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/^contract: cannot replay .*bad\.ndjson: line 1 is not JSON$/)]);
    expect(server.received).toEqual([]);
  });

  test("sends nothing to the server a report names: one recorded elsewhere is refused with one line, exit 2", async () => {
    await live(settings(), { reports: [every("ndjson")] });
    server.received.length = 0;
    const lines: string[] = [];
    // NEXOR_BASE_URL unset: the target is the default base URL, never the report's server.
    const code = await runReplay(path("report.ndjson"), { NEXOR_API_KEY: apiKey }, (line) => lines.push(line));
    expect(code).toBe(2);
    expect(lines).toEqual([
      `contract: cannot start: the report was recorded against ${server.url}; set NEXOR_BASE_URL=${server.url} to replay there`,
    ]);
    expect(server.received).toEqual([]);

    const withCredentials = server.url.replace("://", "://someone:hunter2@");
    await writeFile(path("elsewhere.ndjson"), `${JSON.stringify({ type: "run", baseUrl: withCredentials })}\n`);
    const other: string[] = [];
    const env = { NEXOR_API_KEY: apiKey, NEXOR_BASE_URL: server.url };
    expect(await runReplay(path("elsewhere.ndjson"), env, (line) => other.push(line))).toBe(2);
    expect(other).toEqual([expect.stringMatching(/^contract: cannot start: the report was recorded against http:\/\/\[redacted\]@/)]);
    expect(other.join("\n")).not.toContain("hunter2");
  });

  test("judges recorded cases by this run's settings: a send to another lead, an unmarked send, an unsafe case are skipped", async () => {
    const [lead, otherLead, workflow] = [randomUUID(), randomUUID(), randomUUID()];
    const failures = [{ check: "status_code_conformance", message: "recorded" }];
    const recorded = (contractCase: Record<string, unknown>) =>
      JSON.stringify({ type: "exchange", failures, case: { credentials: "valid", path: {}, query: [], ...contractCase } });
    const send = (leadId: string) => ({
      operationId: "sendMessage",
      name: `sends one real email message to ${leadId === lead ? "this" : "another"} lead`,
      kind: "positive",
      phase: "send",
      body: JSON.stringify({ channel: "email", content: "hi", lead_id: leadId, workflow_id: workflow }),
      once: true,
    });
    const lines = [
      JSON.stringify({ type: "run", baseUrl: server.url }),
      recorded(send(otherLead)),
      // A file may claim anything: a send to this lead that is not marked `once`, a valid write no one opted into.
      recorded({ ...send(lead), name: "sends an unmarked real email message", once: undefined }),
      recorded({ operationId: "createTag", name: "creates a tag", kind: "positive", phase: "coverage", body: '{"name":"x","slug":"x"}' }),
    ];
    await writeFile(path("crafted.ndjson"), `${lines.join("\n")}\n`);
    const out: string[] = [];
    const env = {
      NEXOR_API_KEY: apiKey,
      NEXOR_BASE_URL: server.url,
      NEXOR_LIVE_SEND: "email",
      NEXOR_LEAD_ID: lead,
      NEXOR_WORKFLOW_ID: workflow,
    };
    const code = await runReplay(path("crafted.ndjson"), env, (line) => out.push(...line.split("\n")));
    expect(code, out.join("\n")).toBe(0);
    expect(server.received).toEqual([]);
    const skipped = out.filter((line) => line.includes("not replayed:"));
    expect(skipped).toEqual([
      expect.stringMatching(/sendMessage: .*another lead: not replayed: a real message: .*NEXOR_LEAD_ID/),
      expect.stringMatching(/sendMessage: .*unmarked.*: not replayed: the live safety table refuses it .*not marked to be sent once/),
      expect.stringMatching(/createTag: creates a tag: not replayed: the live safety table refuses it .*no one opted into/),
    ]);
  });
});

describe("$GITHUB_STEP_SUMMARY", () => {
  test("a path that cannot be written is a refused setting: one line, exit 2, nothing sent", async () => {
    const unwritable = join(folder, "no-such-folder", "summary.md");
    const { code, lines } = await live(settings({ GITHUB_STEP_SUMMARY: unwritable }));
    expect(code).toBe(2);
    expect(lines.filter((line) => line.startsWith("contract: cannot start"))).toEqual([
      expect.stringContaining("a report cannot be written"),
    ]);
    expect(lines.join("\n")).not.toMatch(/\n\s+at /);
    expect(server.received).toEqual([]);
  });
});

// A run fixed in every detail (no port, no fresh ids), so that the markdown can be held to a fixture file.
function fixedOutcomes(): Outcome[] {
  const failure: CheckFailure = {
    check: "negative_data_rejection",
    message: "a request the contract rules out (documented: required body /name) was answered 201; the contract promises a 4xx",
    case: "createTag: rejects a body without name (documented, coverage)",
    request: { method: "POST", url: "https://api.example.com/api/public/tags", headers: ["x-api-key: [redacted]"], body: '{"slug":"s"}' },
    response: { status: 201, contentType: "application/json", body: '{"data":{}}' },
    schemaErrors: [],
    curl: `curl -sS -i -X POST 'https://api.example.com/api/public/tags' -H "x-api-key: $NEXOR_API_KEY" --data-raw '{"slug":"s"}'`,
  };
  const outcome = (operationId: string, name: string, status: number, failures: CheckFailure[] = []): Outcome => ({
    operationId,
    name,
    kind: failures.length ? "negative" : "positive",
    phase: "coverage",
    credentials: "valid",
    status,
    query: [],
    // The broken rule is a keyword of createTag's body, exercised negatively.
    ...(failures.length && { keywords: { kept: [], broken: "required body /name" } }),
    failures,
    passed: ["status_code_conformance"],
    ms: 5,
  });
  return [
    outcome("listTags", "accepts the request", 200),
    outcome("listTags", "answers a request without a key with the documented 401", 401),
    outcome("createTag", "rejects a body without name", 201, [failure]),
    outcome("createTag", "rejects a body without name (random)", 201, [failure]),
  ];
}

test("the markdown of a fixed run is the fixture, byte for byte", async () => {
  const outcomes = fixedOutcomes();
  const markdown = markdownReport({
    baseUrl: "https://api.example.com/api/public",
    seed: 42,
    operationIds: ["listTags", "createTag"],
    outcomes,
    notRun: [],
    coverage: coverageOf(outcomes, ["listTags", "createTag"]),
    notReallyTested: [],
    problems: [],
  });
  // Written once by vitest and reviewed; from then on a change to the report's text fails here until it is reviewed again.
  await expect(markdown).toMatchFileSnapshot("./fixtures/report.md");
});
