// Proves the drift check can fail, with one generation of the whole spec (seconds of CPU) for every case: the fresh
// output matches the committed generated/, and a copy of generated/ with a hand edit, a missing file and an extra file
// is reported file by file, in the words `npm run check:generated` prints; and an edit to any file of the spec (a
// comment under spec/ included) changes the hash the manifest records, so that generated/ is then stale.
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildGenerated, generatedDir, specFiles, specHash } from "../../scripts/lib/build-generated.mjs";
import { describeDrift, drift } from "../../scripts/lib/drift.mjs";

let work: string;
let fresh: string;
let expected: string[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "nexor-drift-"));
  fresh = join(work, "fresh");
  await Promise.all([mkdir(fresh), cp(generatedDir, join(work, "edited"), { recursive: true })]);
  expected = await buildGenerated(fresh);
}, 60_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe("npm run check:generated", () => {
  test("finds no drift between a fresh generation and the committed generated/", async () => {
    expect(await drift(expected, fresh, generatedDir)).toEqual({ stale: [], missing: [], extra: [] });
  });

  test("reports a hand edit, a missing file and an extra file, each by name", async () => {
    const edited = join(work, "edited");
    await appendFile(join(edited, "openapi.d.ts"), "// hand edit\n");
    await rm(join(edited, "README.md"));
    await writeFile(join(edited, "leftover.js"), "");
    const lines = describeDrift(await drift(expected, fresh, edited));
    expect(lines[0]).toContain("generated/ is out of date with the spec");
    expect(lines).toContain("  stale:   generated/openapi.d.ts");
    expect(lines).toContain("  missing: generated/README.md");
    expect(lines).toContain("  extra:   generated/leftover.js");
  });

  test("the manifest records the hash of every spec file, so an edit under spec/ makes generated/ stale", async () => {
    const files = await specFiles();
    const manifest = JSON.parse(await readFile(join(generatedDir, "manifest.json"), "utf8")) as { sha256: string };
    expect(specHash(files)).toBe(manifest.sha256);
    const edited = files.map(([file, bytes]): [string, Uint8Array] =>
      file === "spec/paths/messages.yaml" ? [file, Buffer.concat([bytes, Buffer.from("# an edit\n")])] : [file, bytes],
    );
    expect(files.some(([file]) => file === "spec/paths/messages.yaml")).toBe(true);
    expect(specHash(edited)).not.toBe(manifest.sha256);
  });
});
