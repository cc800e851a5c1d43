// The client a checkout's package gives `import "@nexor/api"` under Node: the "node" condition of its exports map when
// it has one (the node:http transport), else the default entry. Benches load builds through it, so that a comparison
// with an older checkout measures what each one ships to Node.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

type ClientModule = typeof import("../src/index.js");

/** The path, inside `dir`, of the entry Node resolves for the package's "." export. */
export function nodeEntry(dir: string): string {
  const manifest = JSON.parse(readFileSync(resolve(dir, "package.json"), "utf8")) as {
    exports: Record<string, { node?: string; default: string }>;
  };
  const root = manifest.exports["."]!;
  return resolve(dir, root.node ?? root.default);
}

/** The built client of the checkout at `dir` (its dist/ built), as Node imports it. */
export const loadClient = (dir: string) => import(pathToFileURL(nodeEntry(dir)).href) as Promise<ClientModule>;
