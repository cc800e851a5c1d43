// Regenerates generated/ from the spec (openapi.yaml and the spec/ files it references). It builds into a fresh folder beside it and swaps that folder in only
// when every generator succeeded, so a failed run never leaves generated/ half-written.
import { mkdtemp, rename, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { buildGenerated, generatedDir, root } from "./lib/build-generated.mjs";

const fresh = await mkdtemp(join(root, ".generated-"));
try {
  const files = await buildGenerated(fresh);
  const previous = `${fresh}-previous`;
  await rename(generatedDir, previous).catch((error) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(fresh, generatedDir);
  await rm(previous, { recursive: true, force: true });
  console.log(`Wrote ${files.length} files to ${relative(root, generatedDir)}/: ${files.join(", ")}`);
} catch (error) {
  await rm(fresh, { recursive: true, force: true });
  throw error;
}
