// Proves the breaking-change gate judges right: the real command fails on a removed response field, a newly required
// request field and a narrowed request enum, and passes an additive change (a redocly diff each, at once); its verdict
// (judge) passes a breaking change when the major version was bumped, and fails when package.json's version is not
// info.version, whatever the diff. The committed bundle (generated/openapi.json) is the base and each revision is an
// edited copy of it, so nothing is bundled here. The gate skips redocly's diff only when the spec files are the
// base's own. `npm test` also runs the real command against main's merge-base, which exercises the git side.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { judge, recordedVersion, specUnchanged } from "../../scripts/lib/breaking.mjs";
import { specFiles } from "../../scripts/lib/build-generated.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

type Document = {
  info: { version: string };
  paths: Record<string, unknown>;
  components: { schemas: Record<string, { required?: string[]; properties: Record<string, { enum?: string[] }> }> };
};

let base: string;
let work: string;

async function revision(name: string, change: (document: Document) => void): Promise<string> {
  const document = JSON.parse(await readFile(base, "utf8")) as Document;
  change(document);
  const file = join(work, `${name}.json`);
  await writeFile(file, JSON.stringify(document, null, 2));
  return file;
}

async function checkBreaking(project: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["scripts/check-breaking.mjs", ...args], { cwd: project });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

const breakAll = (document: Document) => {
  // A field removed from a response.
  delete document.components.schemas.CallSentFields!.properties.call_id;
  // A request field that becomes required.
  document.components.schemas.CreateTagRequest!.required!.push("description");
  // A request enum that loses a value.
  document.components.schemas.CreateMeetingRequest!.properties.status!.enum = ["scheduled"];
};

const results: Record<string, { code: number; output: string }> = {};
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "nexor-breaking-test-"));
  folders.push(work);
  base = join(root, "generated/openapi.json");
  const version = (JSON.parse(await readFile(base, "utf8")) as Document).info.version;
  const [breaking, additive] = await Promise.all([
    revision("breaking", breakAll),
    revision("additive", (document) => {
      // A new optional response field, a new optional request field, a new operation.
      document.components.schemas.CallSentFields!.properties.call_duration = { type: "integer" } as never;
      document.components.schemas.CreateTagRequest!.properties.color = { type: "string" } as never;
      document.paths["/ping"] = { get: { operationId: "ping", responses: { "200": { description: "Pong." } } } };
    }),
  ]);
  const compare = (head: string) => ["--base-bundle", base, "--head-bundle", head];
  [results.breaking, results.additive, results.unknownRef] = await Promise.all([
    checkBreaking(root, compare(breaking)),
    checkBreaking(root, compare(additive)),
    checkBreaking(root, ["no-such-ref"]),
  ]);
  const verdict = (report: object, headVersion: string, packageVersion: string) => {
    const { ok, lines } = judge({
      report,
      base: { label: "base", version },
      head: { label: "head", version: headVersion },
      packageVersion,
    });
    return { code: ok ? 0 : 1, output: lines.join("\n") };
  };
  // A diff as redocly rates three breaking changes, and one that rates an additive one.
  const threeBreaking = {
    summary: { major: 3, minor: 0, patch: 0 },
    changes: [1, 2, 3].map((index) => ({ impact: "major", path: `#/components/schemas/Change${index}`, verdicts: [] })),
  };
  const oneAdditive = { summary: { major: 0, minor: 1, patch: 0 }, changes: [{ impact: "minor", path: "#/paths/~1ping" }] };
  results.majorBump = verdict(threeBreaking, "1.0.0", "1.0.0");
  results.mismatch = verdict(oneAdditive, version, `${version}-next`);
}, 60_000);

describe("npm run check:breaking", () => {
  test.each([
    ["a removed response field", "Property `call_id` of `CallSentFields` was removed. (property-removed)"],
    ["a newly required request field", "Properties of `CreateTagRequest` became required: `description`. (required-properties-added)"],
    ["a narrowed request enum", "Enum of `status` lost values: 'confirmed'. (enum-values-removed)"],
  ])("fails on %s, and names it", (_change, line) => {
    expect(results.breaking!.code).toBe(1);
    expect(results.breaking!.output).toContain("3 breaking");
    expect(results.breaking!.output).toContain(line);
    expect(results.breaking!.output).toContain("✘ 3 breaking changes while info.version's major stays 0");
  });

  test("passes an additive change", () => {
    expect(results.additive!.output).toMatch(/0 breaking · [1-9]\d* additive/);
    expect(results.additive!.output).toContain("✔ no breaking change.");
    expect(results.additive!.code).toBe(0);
  });

  test("passes a breaking change when the major version was bumped (and package.json follows)", () => {
    expect(results.majorBump!.output).toContain("✔ breaking, and the major version was bumped");
    expect(results.majorBump!.code).toBe(0);
  });

  test("fails when package.json's version is not info.version, even on an additive change", () => {
    expect(results.mismatch!.output).toMatch(/✘ package\.json's version \(.*-next\) is not info\.version/);
    expect(results.mismatch!.code).toBe(1);
  });

  test("cannot compare with a ref that does not exist, and says so", () => {
    expect(results.unknownRef!.output).toContain("check:breaking cannot compare: no-such-ref is not a commit in this repository.");
    expect(results.unknownRef!.code).toBe(2);
  });

  test("skips the diff only when the spec files are the base's own, and says so without rating anything", async () => {
    // The empty tree, which git knows in any clone, shallow ones included: it has none of the spec's files.
    const emptyTree = (await run("git", ["hash-object", "-t", "tree", "/dev/null"], { cwd: root })).stdout.trim();
    expect(await specUnchanged(emptyTree)).toBe(false);
    // HEAD: unchanged exactly when git reports no change, tracked or untracked, under the spec's paths.
    const status = (await run("git", ["status", "--porcelain", "--", "openapi.yaml", "redocly.yaml", "spec"], { cwd: root })).stdout;
    expect(await specUnchanged("HEAD")).toBe(status.trim() === "");
    const version = "1.0.0";
    const { ok, lines } = judge({
      report: { unchanged: true },
      base: { label: "base", version },
      head: { label: "head", version },
      packageVersion: version,
    });
    expect(ok).toBe(true);
    expect(lines).toContain("  the spec files are those of the base, byte for byte: no change to rate");
    expect(lines.join("\n")).not.toContain("as redocly diff rates them");
  });

  test("on unchanged spec files, takes info.version from the manifest only when it was made from those very files", async () => {
    // The committed generated/ is fresh (check-generated.test.ts), so its manifest was made from the files as they are.
    const files = await specFiles();
    const bundled = (JSON.parse(await readFile(base, "utf8")) as Document).info.version;
    expect(await recordedVersion(files)).toBe(bundled);
    const edited = files.map(([file, bytes]): [string, Uint8Array] =>
      file === "openapi.yaml" ? [file, Buffer.concat([bytes, Buffer.from("# an edit\n")])] : [file, bytes],
    );
    expect(await recordedVersion(edited)).toBeUndefined();
  });

  test("a manifest that is missing or not JSON (a merge conflict in it) gives no version, so the gate bundles", async () => {
    const files = await specFiles();
    const manifest = await readFile(join(root, "generated/manifest.json"), "utf8");
    const folder = await mkdtemp(join(tmpdir(), "nexor-manifest-"));
    try {
      const conflicted = join(folder, "manifest.json");
      await writeFile(conflicted, `<<<<<<< HEAD\n${manifest}=======\n${manifest}>>>>>>> other\n`);
      expect(await recordedVersion(files, conflicted)).toBeUndefined();
      expect(await recordedVersion(files, join(folder, "missing.json"))).toBeUndefined();
      // The same text, unconflicted, does give the version: the two undefined answers are about the file.
      await writeFile(conflicted, manifest);
      expect(await recordedVersion(files, conflicted)).toBe((JSON.parse(manifest) as { contractVersion: string }).contractVersion);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
