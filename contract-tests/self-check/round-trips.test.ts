// The opt-in writes: each round trip undoes what it did, against a server that remembers (tags deleted, processors
// left inactive without rules, the test lead's metadata restored); a clean-up the server refuses is reported with
// the ids left behind; and nothing is written unless NEXOR_LIVE_WRITE lists it.
import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { runLive } from "../cli/run-live.js";
import { metadataField, roundTripsFor } from "../support/round-trips.js";
import type { LiveWrite, Target } from "../support/target.js";
import { test } from "./fixtures.js";
import { type AccountState, account, statefulAnswer } from "./stateful-server.js";

const apiKey = `selfcheck-canary-${randomUUID()}`;
const ids = { leadId: randomUUID(), workflowId: randomUUID() };
const target = (baseUrl: string, writes: LiveWrite[]): Target => ({
  kind: "live",
  baseUrl,
  apiKey,
  seed: 3,
  cases: 0,
  timeoutMs: 5_000,
  ids,
  writes,
});

describe("the round trips", () => {
  test("write only what NEXOR_LIVE_WRITE lists, in a fixed order", () => {
    expect(roundTripsFor(target("http://127.0.0.1:9", []))).toEqual([]);
    expect(roundTripsFor(target("http://127.0.0.1:9", ["leads", "tags"])).map((trip) => trip.write)).toEqual(["tags", "leads"]);
    const operations = roundTripsFor(target("http://127.0.0.1:9", ["tags", "processors", "leads"])).flatMap((trip) => trip.operations);
    expect(operations.filter((operationId) => !/Tags?$|Processors?$|ProcessorRules?$|^(get|update)Lead$/.test(operationId))).toEqual([]);
  });

  test("leave the account as they found it, and say what they could not restore", async ({ answering }) => {
    const state: AccountState = account({ plan: "premium" });
    const server = await answering(statefulAnswer(apiKey, ids.leadId, state));
    const reports = [];
    for (const trip of roundTripsFor(target(server.url, ["tags", "processors", "leads"])))
      reports.push(await trip.run(target(server.url, [trip.write])));
    expect(reports.flatMap((report) => report.results.flatMap((result) => result.failures))).toEqual([]);
    expect(reports.flatMap((report) => report.leftBehind)).toEqual([]);
    expect(reports.map((report) => report.results.length)).toEqual([3, 9, 4]);
    // Tags deleted; the processor soft-deleted, inactive, its rules removed first.
    expect([...state.tags.keys()]).toEqual([]);
    expect([...state.processors.values()]).toEqual([{ active: false, rules: new Set() }]);
    // A field that did not exist cannot be removed: it is left empty, and the run says so.
    expect(state.leadMetadata).toEqual({ plan: "premium", [metadataField]: "" });
    expect(reports[2]!.notes).toEqual([expect.stringContaining(`metadata.${metadataField} did not exist before`)]);

    // A field that exists is restored exactly.
    state.leadMetadata[metadataField] = "kept by the person";
    const again = await roundTripsFor(target(server.url, ["leads"]))[0]!.run(target(server.url, ["leads"]));
    expect(again.leftBehind).toEqual([]);
    expect(state.leadMetadata).toEqual({ plan: "premium", [metadataField]: "kept by the person" });
    expect(
      server.calls
        .filter((call) => call.method === "PATCH" && call.path.includes("/leads/"))
        .map((call) => JSON.parse(call.body).metadata[metadataField]),
    ).toEqual([
      expect.stringMatching(/^set by the Nexor API contract suite /),
      "",
      expect.stringMatching(/^set by the Nexor API contract suite /),
      "kept by the person",
    ]);
  });

  test("report a clean-up the server refuses, with the ids left behind, and fail the run", async ({ answering }) => {
    const state = account();
    const server = await answering(statefulAnswer(apiKey, ids.leadId, state, ["deleteTag", "deleteProcessorRule"]));
    const lines: string[] = [];
    const code = await runLive(
      {
        NEXOR_API_KEY: apiKey,
        NEXOR_BASE_URL: server.url,
        NEXOR_LIVE_WRITE: "tags,processors",
        NEXOR_WORKFLOW_ID: ids.workflowId,
        NEXOR_CONTRACT_CASES: "0",
        // The round trips are on trial here, not the plan: one operation of it.
        NEXOR_CONTRACT_OPERATIONS: "listTags",
      },
      (line) => lines.push(line),
    );
    expect(code).toBe(1);
    const [tag] = state.tags.keys();
    const [processor] = state.processors.keys();
    const rules = [...state.processors.get(processor!)!.rules];
    expect(lines).toContain(
      `contract: clean-up failed: tag ${tag} (slug ${(state.tags.get(tag!) as { slug: string }).slug}) is left: delete it`,
    );
    for (const rule of rules)
      expect(lines).toContain(`contract: clean-up failed: rule ${rule} of processor ${processor} is left: delete it`);
    expect(rules).toHaveLength(2);
    // The processor itself could be deleted, after the refused rules.
    expect(state.processors.get(processor!)!.active).toBe(false);
    expect(lines.join("\n")).not.toContain(apiKey);
  });
});
