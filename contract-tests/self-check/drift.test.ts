// Drift: what a server's answers carry that the spec does not declare. Against a server that adds, on purpose,
// undocumented fields (nested, in open objects and in arrays' items), a header, a status and a media type, the live
// run lists each with its operation, its place and a patch; each patch, applied to a copy of the repository with
// `git apply` and followed by `npm run generate` there, makes its entry disappear from the next run. (That the
// simulator, written from the docs, drifts from the spec in nothing, is judged in simulator-live.test.ts's every live
// run, each order with and without opt-ins.) A hostile server cannot make the list grow without bound.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { runLive } from "../cli/run-live.js";
import { child, parseBlockYaml } from "../support/drift/block-yaml.js";
import { DriftCollector, type DriftEntry, maxEntries, maxExample } from "../support/drift/collect.js";
import { driftLines, driftMarkdown } from "../support/drift/format.js";
import { unifiedInsert, yamlKey, yamlLines } from "../support/drift/patch.js";
import { sourceRoot } from "../support/drift/spec-files.js";
import { SpecSource } from "../support/drift/spec-source.js";
import { documentedResponse, pointerSegment, spec } from "../support/spec.js";
import { startDriftServer } from "./drift-server.js";

const run = promisify(execFile);
const operations = "getLead,listTemplates,listTags";

const driftRecords = (path: string): DriftEntry[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DriftEntry)
    .filter((record) => record.type === "drift");

const find = (entries: DriftEntry[], operationId: string, kind: DriftEntry["kind"], place: string, status?: number) =>
  entries.find(
    (entry) =>
      entry.operationId === operationId &&
      entry.kind === kind &&
      entry.place === place &&
      (status === undefined || entry.status === status),
  );

// A copy of the repository (node_modules linked, not copied) that a patch can be applied to and regenerated in.
function repositoryCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), "nexor-drift-"));
  for (const entry of [
    "openapi.yaml",
    "redocly.yaml",
    "package.json",
    "spec",
    "generated",
    "scripts",
    "contract-tests",
    "test",
    "src",
    "simulator",
  ])
    cpSync(join(sourceRoot, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(sourceRoot, "node_modules"), join(copy, "node_modules"), "dir");
  return copy;
}

describe("drift", () => {
  test("each undeclared field, header, status and media type is listed with a patch that, applied, makes it disappear", async () => {
    const server = await startDriftServer();
    const folder = mkdtempSync(join(tmpdir(), "nexor-drift-reports-"));
    const copy = repositoryCopy();
    try {
      const env = {
        NEXOR_API_KEY: server.simulator.apiKey,
        NEXOR_BASE_URL: server.url,
        NEXOR_LEAD_ID: server.simulator.seed.leadId,
        NEXOR_CONTRACT_OPERATIONS: operations,
        NEXOR_CONTRACT_CASES: "1",
        NEXOR_CONTRACT_SEED: "7",
      };
      const lines: string[] = [];
      const reports = [
        { format: "ndjson" as const, path: join(folder, "run.ndjson") },
        { format: "markdown" as const, path: join(folder, "run.md") },
        { format: "drift" as const, path: join(folder, "drift.md") },
      ];
      // The 429s break status_code_conformance (exit 1); the drift itself fails nothing.
      expect(await runLive(env, (line) => lines.push(line), { reports })).toBe(1);
      const output = lines.join("\n");
      const entries = driftRecords(reports[0]!.path);

      const expected = [
        find(entries, "getLead", "field", "/lead/loyalty_tier"),
        find(entries, "getLead", "field", "/lead/campaign/budget_cents"),
        find(entries, "listTemplates", "field", "/templates/-/quality_rating"),
        find(entries, "listTemplates", "header", "x-request-id", 200),
        find(entries, "listTags", "status", "429"),
        find(entries, "getLead", "content-type", "text/plain"),
      ];
      for (const entry of expected) {
        expect(entry, JSON.stringify(entries.map(({ operationId, kind, place }) => `${operationId} ${kind} ${place}`))).toBeDefined();
        expect(entry!.answers).toBeGreaterThan(0);
        expect(entry!.patch).toMatch(/^--- a\/spec\/.+\n\+\+\+ b\/spec\//);
        expect(output).toContain(`${entry!.operationId} ${entry!.status}:`);
      }
      const [loyalty, budget, quality, header, status, media] = expected as [
        DriftEntry,
        DriftEntry,
        DriftEntry,
        DriftEntry,
        DriftEntry,
        DriftEntry,
      ];
      expect(loyalty).toMatchObject({ status: 200, example: '"gold"', file: "spec/components/schemas/leads.yaml" });
      expect(loyalty.patch).toContain("+    loyalty_tier:\n+      type: string\n");
      expect(budget.example).toBe("125000");
      expect(quality.file).toBe("spec/components/schemas/templates.yaml");
      expect(header).toMatchObject({ example: "req_7f3a9c", file: "spec/paths/templates.yaml" });
      expect(status).toMatchObject({ file: "spec/paths/tags.yaml", example: '{"error":"Too many requests"}' });
      expect(media).toMatchObject({ status: 401, file: "spec/components/responses/common.yaml", example: "text/plain" });
      // Nothing else drifted: the header once per operation and status, the rest as listed.
      expect(entries.filter((entry) => entry.kind !== "header").length).toBe(5);
      expect(output).toMatch(/\nDrift: \d+ things the answers carried that the spec does not declare\. Information only/);
      expect(readFileSync(reports[1]!.path, "utf8")).toContain("### Drift");
      expect(readFileSync(reports[2]!.path, "utf8")).toContain("```diff\n--- a/spec/components/schemas/templates.yaml");

      // Four patches in four places, each applied as a person would, then the spec regenerated in the copy.
      for (const [index, entry] of [quality, header, status, media].entries()) {
        writeFileSync(join(copy, `${index}.patch`), entry!.patch!);
        await run("git", ["apply", "--verbose", `${index}.patch`], { cwd: copy });
      }
      await run(process.execPath, ["scripts/generate.mjs"], { cwd: copy });
      const again = join(folder, "again.ndjson");
      // The copy's own runner, its modules loaded from the copy, so that it reads the copy's regenerated spec.
      const copied = (await import(join(copy, "contract-tests/cli/run-live.ts"))) as typeof import("../cli/run-live.js");
      expect(await copied.runLive(env, () => undefined, { reports: [{ format: "ndjson", path: again }] })).toBe(1);
      const after = driftRecords(again);
      expect(find(after, "listTemplates", "field", "/templates/-/quality_rating")).toBeUndefined();
      expect(find(after, "listTemplates", "header", "x-request-id", 200)).toBeUndefined();
      expect(find(after, "listTags", "status", "429")).toBeUndefined();
      expect(find(after, "getLead", "content-type", "text/plain")).toBeUndefined();
      // What was not patched is still there: the next run was judged by the patched spec, not by nothing.
      expect(find(after, "getLead", "field", "/lead/loyalty_tier")).toBeDefined();
      expect(find(after, "getLead", "header", "x-request-id")).toBeDefined();
    } finally {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
      rmSync(copy, { recursive: true, force: true });
    }
  }, 300_000);

  test("drift alone does not fail the run; --fail-on-drift does, and says why in one line", async () => {
    const server = await startDriftServer();
    try {
      const env = {
        NEXOR_API_KEY: server.simulator.apiKey,
        NEXOR_BASE_URL: server.url,
        NEXOR_CONTRACT_OPERATIONS: "listTemplates",
        NEXOR_CONTRACT_CASES: "1",
      };
      const quiet: string[] = [];
      expect(await runLive(env, (line) => quiet.push(line))).toBe(0);
      expect(quiet.join("\n")).toContain("listTemplates 200: undeclared field /templates/-/quality_rating");
      const failing: string[] = [];
      expect(await runLive(env, (line) => failing.push(line), { failOnDrift: true })).toBe(1);
      expect(failing.join("\n")).toContain("--fail-on-drift makes it fail the run.");
    } finally {
      await server.close();
    }
  });

  test("bounded: a hostile answer adds entries up to the cap and counts the rest; examples are cut and redacted", () => {
    const key = "nxr_live_hostile_secret_key";
    // A field named after the key first, then 5,000 more, each holding the key and 1,000 characters.
    const body: Record<string, unknown> = { templates: [], [key]: "a field named after the key" };
    for (let index = 0; index < 5000; index++) body[`field_${index}`] = `${key} ${"x".repeat(1000)}`;
    // And a field nested 100,000 deep, past what JSON.stringify survives.
    const text = `${JSON.stringify(body).slice(0, -1)},"deep":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const collector = new DriftCollector();
    const exchange = {
      operationId: "listTemplates",
      response: { status: 200, headers: { "content-type": "application/json" }, body: text },
      documented: documentedResponse("listTemplates", 200),
      secrets: [key],
    };
    collector.hear(exchange as unknown as Parameters<DriftCollector["hear"]>[0]);
    collector.hear(exchange as unknown as Parameters<DriftCollector["hear"]>[0]);
    const report = collector.report();
    expect(report.entries).toHaveLength(maxEntries);
    expect(report.unlisted).toBe(5002 - maxEntries);
    expect(JSON.stringify(collector.report())).not.toContain(key);
    for (const entry of report.entries) {
      expect(entry.answers).toBe(2);
      expect(entry.example.length).toBeLessThan(maxExample + 40);
      expect(entry.example).not.toContain(key);
    }
    expect(report.entries[0]!.place).toBe("/[redacted]");
    expect(report.entries[1]!.example.startsWith('"[redacted] xxx')).toBe(true);
  });

  test("a server's names can neither leak a key of any spelling nor add lines to a patch, the terminal or the markdown", () => {
    // A key that is not shaped like a Nexor key and has capitals and a slash: only the redaction of its spellings hides it.
    const key = "SimKey/ABC~9";
    const hostile = "x':\n+      x-evil: 1\n+    'y";
    const body = JSON.stringify({ templates: [], [hostile]: 1, [key]: 2 });
    const collector = new DriftCollector();
    const exchange = {
      operationId: "listTemplates",
      // Header names arrive lower-cased, so the echoed key does too.
      response: {
        status: 200,
        headers: { "content-type": "application/json", [key.toLowerCase().replace(/[/~]/g, "-")]: "v", [key.toLowerCase()]: "v" },
        body,
      },
      documented: documentedResponse("listTemplates", 200),
      secrets: [key],
    };
    collector.hear(exchange as unknown as Parameters<DriftCollector["hear"]>[0]);
    const report = collector.report();
    const printed = [JSON.stringify(report), driftLines(report, false).join("\n"), driftMarkdown(report)].join("\n");
    expect(printed).not.toContain(key);
    expect(printed.toLowerCase()).not.toContain(key.toLowerCase());
    expect(printed).not.toContain(key.replace("/", "~1").replace("~9", "~09"));
    const field = report.entries.find((entry) => entry.kind === "field" && entry.place.includes("x-evil"));
    expect(field?.patch).toBeDefined();
    // The name stays on its one added line, escaped; no line of the patch is the server's.
    expect(field!.patch!.split("\n").filter((line) => line.startsWith("+") && !line.startsWith("+++"))).toHaveLength(2);
    expect(field!.patch).not.toMatch(/^\+\s+x-evil/m);
    for (const text of [driftLines(report, false).join("\n"), driftMarkdown(report)]) expect(text).not.toMatch(/^\+?\s*x-evil/m);
  });

  test("every object schema of the bundle is found in the spec's source, with the same keys", () => {
    const source = new SpecSource();
    const missing: string[] = [];
    (function walk(node: unknown, pointer: string): void {
      if (!node || typeof node !== "object") return;
      if (!Array.isArray(node) && "properties" in node) {
        const located = source.locate(pointer);
        const keys = located?.node.kind === "map" ? located.node.entries.map((entry) => entry.key).sort() : [];
        if (keys.join() !== Object.keys(node).sort().join()) missing.push(pointer);
      }
      for (const [key, child] of Object.entries(node)) walk(child, `${pointer}/${pointerSegment(key)}`);
    })(spec, "");
    expect(missing).toEqual([]);
  });

  test("a key goes after the whole last entry of its mapping, a block scalar's lines included, quoted where YAML needs it", () => {
    const text = [
      "Thing:", //
      "  properties:",
      "    '200':",
      "      description: |",
      "        two lines",
      "",
      "        of text",
      "    # a comment",
      "Next:",
      "  type: object",
      "",
    ].join("\n");
    const properties = child(child(parseBlockYaml(text), "Thing")!, "properties")!;
    expect(properties.kind === "map" && properties.entries.map((entry) => entry.key)).toEqual(["200"]);
    const patch = unifiedInsert("spec/x.yaml", text.split("\n"), properties.last, yamlLines("on", { type: ["string", "null"] }, 4));
    expect(patch).toBe(
      [
        "--- a/spec/x.yaml",
        "+++ b/spec/x.yaml",
        "@@ -5,6 +5,10 @@",
        "         two lines",
        " ",
        "         of text",
        "+    'on':",
        "+      type:",
        "+        - string",
        "+        - 'null'",
        "     # a comment",
        " Next:",
        "   type: object",
        "",
      ].join("\n"),
    );
    expect([yamlKey("x-request-id"), yamlKey("a b"), yamlKey("404"), yamlKey("it's")]).toEqual([
      "x-request-id",
      "'a b'",
      "'404'",
      "'it''s'",
    ]);
  });
});
