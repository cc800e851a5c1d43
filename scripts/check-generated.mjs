// Fails when generated/ is not exactly what `npm run generate` would write now: it regenerates into a temporary
// folder and compares byte for byte, listing every stale, missing and extra file. Unlike `git diff`, it needs no git
// checkout and it sees untracked files.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGenerated, generatedDir } from "./lib/build-generated.mjs";

const fresh = await mkdtemp(join(tmpdir(), "nexor-generated-"));
try {
  const expected = await buildGenerated(fresh);
  const committed = await readdir(generatedDir).catch(() => []);

  const missing = expected.filter((file) => !committed.includes(file));
  const extra = committed.filter((file) => !expected.includes(file));
  const stale = [];
  for (const file of expected.filter((name) => committed.includes(name))) {
    const [want, have] = await Promise.all([readFile(join(fresh, file)), readFile(join(generatedDir, file))]);
    if (!want.equals(have)) stale.push(file);
  }

  if (missing.length + extra.length + stale.length > 0) {
    const lines = [
      "generated/ is out of date with the spec (openapi.yaml and spec/). Run `npm run generate` and commit the result.",
      ...stale.map((file) => `  stale:   generated/${file}`),
      ...missing.map((file) => `  missing: generated/${file}`),
      ...extra.map((file) => `  extra:   generated/${file}`),
    ];
    console.error(lines.join("\n"));
    process.exitCode = 1;
  } else {
    console.log(`generated/ is up to date with the spec (${expected.length} files).`);
  }
} finally {
  await rm(fresh, { recursive: true, force: true });
}
