// The opt-in writes: each round trip undoes what it did, against the simulator, a Nexor written from the docs that
// remembers (tags deleted, processors left inactive without rules, the test lead's metadata restored); a clean-up the
// server refuses is reported with the ids left behind; and nothing is written unless NEXOR_LIVE_WRITE lists it.
import { describe, expect } from "vitest";
import { runLive } from "../cli/run-live.js";
import { idOf, metadataField, type RoundTripReport, roundTripsFor } from "../support/round-trips.js";
import type { LiveWrite, Target } from "../support/target.js";
import { type RecordedSimulator, test } from "./fixtures.js";

type Records = Record<string, Record<string, Record<string, unknown>>>;

const target = (baseUrl: string, writes: LiveWrite[], server?: RecordedSimulator): Target => ({
  kind: "live",
  baseUrl,
  apiKey: server?.simulator.apiKey ?? "nxr_live_unused",
  seed: 3,
  cases: 0,
  timeoutMs: 5_000,
  ids: server ? { leadId: server.simulator.seed.leadId, workflowId: server.simulator.seed.workflowId } : {},
  writes,
});
const stateOf = (server: RecordedSimulator) => server.simulator.state() as Records;

/** A live run in front of `server` with only the tags round trip opted into and no generated case. */
async function tagsRoundTrip(server: RecordedSimulator): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runLive(
    {
      NEXOR_API_KEY: server.simulator.apiKey,
      NEXOR_BASE_URL: server.url,
      NEXOR_LIVE_WRITE: "tags",
      NEXOR_CONTRACT_CASES: "0",
      NEXOR_CONTRACT_OPERATIONS: "listTags",
    },
    (line) => lines.push(line),
  );
  return { code, output: lines.join("\n") };
}
const added = (before: Records, after: Records, kind: string) =>
  Object.values(after[kind] ?? {}).filter((record) => !before[kind]?.[record.id as string]);

describe("the round trips", () => {
  test("write only what NEXOR_LIVE_WRITE lists, in a fixed order", () => {
    expect(roundTripsFor(target("http://127.0.0.1:9", []))).toEqual([]);
    expect(roundTripsFor(target("http://127.0.0.1:9", ["leads", "tags"])).map((trip) => trip.write)).toEqual(["tags", "leads"]);
    const operations = roundTripsFor(target("http://127.0.0.1:9", ["tags", "processors", "leads"])).flatMap((trip) => trip.operations);
    expect(operations.filter((operationId) => !/Tags?$|Processors?$|ProcessorRules?$|^(get|update|put)Lead$/.test(operationId))).toEqual(
      [],
    );
  });

  test("leave the account as they found it, and say what they could not restore", async ({ simulator }) => {
    const server = await simulator();
    const leadId = server.simulator.seed.leadId;
    const before = stateOf(server);
    const reports: RoundTripReport[] = [];
    for (const trip of roundTripsFor(target(server.url, ["tags", "processors", "leads"], server)))
      reports.push(await trip.run(target(server.url, [trip.write], server)));
    expect(reports.flatMap((report) => report.results.flatMap((result) => result.failures))).toEqual([]);
    expect(reports.flatMap((report) => report.leftBehind)).toEqual([]);
    expect(reports.map((report) => report.results.length)).toEqual([9, 14, 6]);
    // Every documented refusal a round trip can provoke safely, each with its status: the slug of an existing tag
    // (409, created or renamed to), a tag deleted twice and ids that name nothing (404).
    const statuses = (report: RoundTripReport) =>
      report.results.map((result) => `${result.case.operationId} ${result.exchange?.response.status}`);
    expect(statuses(reports[0]!)).toEqual([
      "createTag 201",
      "createTag 409",
      "createTag 201",
      "updateTag 409",
      "updateTag 200",
      "deleteTag 200",
      "deleteTag 200",
      "deleteTag 404",
      "updateTag 404",
    ]);
    expect(statuses(reports[2]!).slice(-3)).toEqual(["updateLead 404", "putLead 404", "updateLead 200"]);
    expect(statuses(reports[1]!).slice(-6)).toEqual([
      "updateProcessor 200",
      "updateProcessor 404",
      "createProcessorRule 404",
      "reorderProcessorRules 404",
      "deleteProcessor 404",
      "deleteProcessor 200",
    ]);
    // The tag's slug sent again is refused with the documented 409, a documented negative that keeps every promise.
    const duplicate = reports[0]!.results[1]!;
    expect([duplicate.case.operationId, duplicate.case.kind, duplicate.case.rule]).toEqual(["createTag", "negative", "documented"]);
    expect(duplicate.exchange?.response.status).toBe(409);
    expect(JSON.parse(duplicate.exchange!.response.body)).toEqual({ error: "A tag with this slug already exists" });
    const after = stateOf(server);
    // Tags deleted; the processor soft-deleted, inactive, its rules removed first.
    expect(after.tags).toEqual(before.tags);
    expect(added(before, after, "processors")).toEqual([expect.objectContaining({ is_active: false })]);
    expect(after.rules).toEqual(before.rules);
    // A field that did not exist cannot be removed: it is left empty, and the run says so.
    expect(after.leads![leadId]!.metadata).toEqual({ ...(before.leads![leadId]!.metadata as object), [metadataField]: "" });
    expect(reports[2]!.notes).toEqual([expect.stringContaining(`metadata.${metadataField} did not exist before`)]);

    // A field that exists is restored exactly.
    const kept = await fetch(`${server.simulator.baseUrl}/leads/${leadId}`, {
      method: "PATCH",
      headers: { "x-api-key": server.simulator.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ metadata: { [metadataField]: "kept by the person" } }),
    });
    expect(kept.status).toBe(200);
    const again = await roundTripsFor(target(server.url, ["leads"], server))[0]!.run(target(server.url, ["leads"], server));
    expect(again.leftBehind).toEqual([]);
    expect(stateOf(server).leads![leadId]!.metadata).toEqual({
      ...(before.leads![leadId]!.metadata as object),
      [metadataField]: "kept by the person",
    });
    expect(
      server.calls
        // The test lead's updates only: the update of an id that names nothing changed no one's metadata (404).
        .filter((call) => call.method === "PATCH" && call.path.includes(`/leads/${leadId}`))
        .map((call) => JSON.parse(call.body).metadata[metadataField]),
    ).toEqual([
      expect.stringMatching(/^set by the Nexor API contract suite /),
      "",
      expect.stringMatching(/^set by the Nexor API contract suite /),
      "kept by the person",
    ]);
  });

  test("report a clean-up the server refuses, with the ids left behind, and fail the run", async ({ simulator }) => {
    // The simulator refuses (500, nothing changed) every tag delete and rule delete.
    const server = await simulator({ breaks: ["500-on-valid:deleteTag,deleteProcessorRule"] });
    const before = stateOf(server);
    const lines: string[] = [];
    const code = await runLive(
      {
        NEXOR_API_KEY: server.simulator.apiKey,
        NEXOR_BASE_URL: server.url,
        NEXOR_LIVE_WRITE: "tags,processors",
        NEXOR_WORKFLOW_ID: server.simulator.seed.workflowId,
        NEXOR_CONTRACT_CASES: "0",
        // The round trips are on trial here, not the plan: one operation of it.
        NEXOR_CONTRACT_OPERATIONS: "listTags",
      },
      (line) => lines.push(line),
    );
    expect(code).toBe(1);
    const after = stateOf(server);
    const [tag] = added(before, after, "tags");
    const [processor] = added(before, after, "processors");
    const rules = added(before, after, "rules");
    expect(lines).toContain(`contract: clean-up failed: tag ${tag!.id} (slug ${tag!.slug}) is left: delete it`);
    for (const rule of rules)
      expect(lines).toContain(`contract: clean-up failed: rule ${rule.id} of processor ${processor!.id} is left: delete it`);
    expect(rules).toHaveLength(2);
    // The processor itself could be deleted, after the refused rules.
    expect(processor!.is_active).toBe(false);
    expect(lines.join("\n")).not.toContain(server.simulator.apiKey);
  });

  test("name a rule a wrong server stored for a processor no id named, as left behind", async ({ simulator }) => {
    // A server that answers 201 (a rule stored) where the simulator says the processor does not exist.
    const stray = "11111111-1111-4111-8111-111111111111";
    const server = await simulator({}, async (request, pass) => {
      const reply = await pass();
      const strayRule = request.method === "POST" && /\/processors\/[^/]+\/rules$/.test(request.path) && reply.status === 404;
      return strayRule
        ? { status: 201, contentType: "application/json", body: JSON.stringify({ success: true, rule: { id: stray } }) }
        : reply;
    });
    const lines: string[] = [];
    const code = await runLive(
      {
        NEXOR_API_KEY: server.simulator.apiKey,
        NEXOR_BASE_URL: server.url,
        NEXOR_LIVE_WRITE: "processors",
        NEXOR_WORKFLOW_ID: server.simulator.seed.workflowId,
        NEXOR_CONTRACT_CASES: "0",
        NEXOR_CONTRACT_OPERATIONS: "listTags",
      },
      (line) => lines.push(line),
    );
    expect(code).toBe(1);
    const output = lines.join("\n");
    expect(output).toMatch(
      new RegExp(
        `^contract: clean-up failed: a rule ${stray} was accepted for processor [0-9a-f-]{36}, which no id named: find it and delete it$`,
        "m",
      ),
    );
    expect(output).not.toContain(server.simulator.apiKey);
  });

  test("fail a server that accepts a duplicate tag slug, naming createTag, and delete the second tag too", async ({ simulator }) => {
    // In front of the simulator, a server that breaks the unique slug: a POST /tags whose slug was seen before is
    // given a fresh slug, so the simulator creates a second tag and answers 201.
    const seen = new Set<string>();
    const server = await simulator({}, async (request, pass) => {
      if (request.method !== "POST" || !request.path.endsWith("/tags")) return pass();
      const parsed = JSON.parse(request.body) as { slug: string };
      const again = seen.has(parsed.slug);
      seen.add(parsed.slug);
      return pass(again ? JSON.stringify({ ...parsed, slug: `${parsed.slug}-again` }) : request.body);
    });
    const { calls } = server;
    const before = stateOf(server);
    const { code, output } = await tagsRoundTrip(server);
    expect(code).toBe(1);
    expect(output).toContain("  case      createTag: tags round trip: refuses a second tag with the same slug (409)");
    expect(output).toMatch(/^negative_data_rejection: .*\(documented: unique slug: the slug of an existing tag\) was answered 201;/m);
    // Three tags were created (the tag, the duplicate the server should have refused, the second tag), and all of
    // them deleted: nothing is left behind.
    const created = calls.filter((call) => call.method === "POST" && call.path.endsWith("/tags") && call.reply.status === 201);
    expect(created).toHaveLength(3);
    const deletes = calls.filter((call) => call.method === "DELETE" && call.path.includes("/tags/") && call.reply.status < 300);
    expect(deletes.map((call) => call.path.split("/").pop()).sort()).toEqual(
      created.map((call) => idOf(JSON.parse(call.reply.body))).sort(),
    );
    expect(stateOf(server).tags).toEqual(before.tags);
    expect(output).not.toContain("clean-up failed");
    expect(output).not.toContain(server.simulator.apiKey);
  });
  test("fail a server that refuses a duplicate tag slug with a 400, not the documented 409, and leave nothing behind", async ({
    simulator,
  }) => {
    // In front of the simulator, a server that rejects a slug it has seen with a 400 of its own, which createTag
    // documents for invalid input: a rejection, but not the one the docs promise for a duplicate.
    const seen = new Set<string>();
    const server = await simulator({}, async (request, pass) => {
      if (request.method !== "POST" || !request.path.endsWith("/tags")) return pass();
      const { slug } = JSON.parse(request.body) as { slug: string };
      if (seen.has(slug)) return { status: 400, contentType: "application/json", body: JSON.stringify({ error: "Validation failed" }) };
      seen.add(slug);
      return pass();
    });
    const { calls } = server;
    const before = stateOf(server);
    const { code, output } = await tagsRoundTrip(server);
    expect(code).toBe(1);
    expect(output).toContain("  case      createTag: tags round trip: refuses a second tag with the same slug (409)");
    expect(output).toMatch(
      /^negative_data_rejection: .*\(documented: unique slug: the slug of an existing tag\) was answered 400; the docs promise 409$/m,
    );
    expect(output).toContain("  ✗ tags round trip: 9 steps, 1 broke a promise");
    // Nothing was created by the refused request: only the tag and the second tag reached the simulator.
    expect(calls.filter((call) => call.method === "POST" && call.path.endsWith("/tags"))).toHaveLength(2);
    expect(stateOf(server).tags).toEqual(before.tags);
    expect(output).not.toContain("clean-up failed");
    expect(output).not.toContain(server.simulator.apiKey);
  });
});
