// `npm run check:breaking -- [git-ref]`: fails when the spec in the working tree breaks a consumer of the spec at
// `git-ref`, unless info.version's major was bumped, and when package.json's version is not info.version.
// The default ref is the merge-base of HEAD with main (or origin/main); without either, HEAD. Both specs are bundled
// with the project's Redocly and compared with `redocly diff`, which rates each change by the semver bump it needs.
// When the spec files are the ref's own there is nothing to rate, and nothing is bundled when generated/manifest.json
// records the contract version of these very files.
// `--base-bundle <file> --head-bundle <file>` compares two bundled documents instead (no git, no bundling).
// Exit codes: 0 passes, 1 fails the gate, 2 cannot compare (an unknown ref, a missing spec).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bundle, defaultBase, diffBundles, extractSpec, judge, recordedVersion, resolveRef, specUnchanged } from "./lib/breaking.mjs";
import { root, specFiles, specPath } from "./lib/build-generated.mjs";

/** An error that is the caller's to fix (a ref, an argument), reported without a stack. */
class Usage extends Error {}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "base-bundle": { type: "string" }, "head-bundle": { type: "string" } },
});

const work = await mkdtemp(join(tmpdir(), "nexor-breaking-"));
try {
  let base;
  let basePath;
  let headLabel = "the working tree";
  let headPath;
  let unchanged = false;
  /** The contract version of both sides, when known without a bundle. */
  let version;
  if (values["base-bundle"] || values["head-bundle"]) {
    if (!values["base-bundle"] || !values["head-bundle"]) throw new Usage("--base-bundle and --head-bundle go together.");
    base = { label: values["base-bundle"] };
    basePath = values["base-bundle"];
    headLabel = values["head-bundle"];
    headPath = values["head-bundle"];
  } else {
    const ref = positionals[0];
    const chosen = ref ? { ref, label: ref } : await defaultBase();
    const commit = await resolveRef(chosen.ref).catch((error) => {
      throw new Usage(error.message);
    });
    base = { label: `${chosen.label} ${commit.slice(0, 7)}` };
    const baseSpec = await extractSpec(commit, join(work, "base")).catch((error) => {
      throw new Usage(error.message);
    });
    if (await specUnchanged(commit)) {
      // The same files bundle to the same document: there is no diff to make, and only info.version is read. The
      // manifest records it when it was made from these very files; else one bundle serves as both.
      unchanged = true;
      version = await recordedVersion(await specFiles());
      if (!version) basePath = headPath = await bundle(specPath, join(work, "head.json"));
    } else {
      // Both bundles at once: each is a Redocly process of its own.
      [basePath, headPath] = await Promise.all([bundle(baseSpec, join(work, "base.json")), bundle(specPath, join(work, "head.json"))]);
    }
  }
  const versioned = { info: { version } };
  const [baseDocument, headDocument, manifest] = await Promise.all(
    [basePath, headPath, join(root, "package.json")].map(async (file) => (file ? JSON.parse(await readFile(file, "utf8")) : versioned)),
  );
  const report = unchanged ? { unchanged } : await diffBundles(basePath, headPath, join(work, "diff.json"));
  const { ok, lines } = judge({
    report,
    base: { ...base, version: baseDocument.info?.version },
    head: { label: headLabel, version: headDocument.info?.version },
    packageVersion: manifest.version,
  });
  console.log(lines.join("\n"));
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  if (!(error instanceof Usage)) throw error;
  console.error(`check:breaking cannot compare: ${error.message}`);
  process.exitCode = 2;
} finally {
  await rm(work, { recursive: true, force: true });
}
