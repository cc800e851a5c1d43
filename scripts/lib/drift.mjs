// What differs between a freshly generated folder and the committed generated/: the files whose bytes differ
// (stale), those only the fresh one has (missing), and those only the committed one has (extra).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** The drift of `committedDir` from `freshDir`, whose files are `expected`. */
export async function drift(expected, freshDir, committedDir) {
  const committed = await readdir(committedDir).catch(() => []);
  const missing = expected.filter((file) => !committed.includes(file));
  const extra = committed.filter((file) => !expected.includes(file));
  const stale = [];
  for (const file of expected.filter((name) => committed.includes(name))) {
    const [want, have] = await Promise.all([readFile(join(freshDir, file)), readFile(join(committedDir, file))]);
    if (!want.equals(have)) stale.push(file);
  }
  return { stale, missing, extra };
}

/** The report of a drift, one line per file; empty when there is none. */
export function describeDrift({ stale, missing, extra }) {
  if (stale.length + missing.length + extra.length === 0) return [];
  return [
    "generated/ is out of date with the spec (openapi.yaml and spec/). Run `npm run generate` and commit the result.",
    ...stale.map((file) => `  stale:   generated/${file}`),
    ...missing.map((file) => `  missing: generated/${file}`),
    ...extra.map((file) => `  extra:   generated/${file}`),
  ];
}
