// Fails when generated/ is not exactly what `npm run generate` would write now: it regenerates into a temporary
// folder and compares byte for byte, listing every stale, missing and extra file. Unlike `git diff`, it needs no git
// checkout and it sees untracked files.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGenerated, generatedDir } from "./lib/build-generated.mjs";
import { describeDrift, drift } from "./lib/drift.mjs";

const fresh = await mkdtemp(join(tmpdir(), "nexor-generated-"));
try {
  const expected = await buildGenerated(fresh);
  const lines = describeDrift(await drift(expected, fresh, generatedDir));
  if (lines.length > 0) {
    console.error(lines.join("\n"));
    process.exitCode = 1;
  } else {
    console.log(`generated/ is up to date with the spec (${expected.length} files).`);
  }
} finally {
  await rm(fresh, { recursive: true, force: true });
}
