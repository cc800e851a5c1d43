// The spec's source files (openapi.yaml and spec/) as the drift patches read them: from the repository's root here.
// The packed command (scripts/build-contract-package.mjs) replaces this module with one that holds the files inline,
// so that its patches name and fit the same files wherever it runs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder that holds openapi.yaml and spec/: the repository's root. */
export const sourceRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** A source file's text by its path from the root (`spec/paths/tags.yaml`); undefined when there is none. */
export function readSpecFile(path: string): string | undefined {
  try {
    return readFileSync(join(sourceRoot, path), "utf8");
  } catch {
    return undefined;
  }
}

/** The names of the files in a folder of the root (`spec/components/schemas`); empty when there is none. */
export function listSpecFolder(folder: string): string[] {
  try {
    return readdirSync(join(sourceRoot, folder));
  } catch {
    return [];
  }
}
