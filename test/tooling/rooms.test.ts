// Imports run one way between the top-level folders: no room but the tests (the client, the generated files, the
// scripts, the contract suite's runner and its command, the simulator, the benchmark, the examples) imports anything
// from test/, whose helpers only tests may use. The contract suite's runner ships as @nexor/contract, so a helper it shares with
// the tests lives beside it, in contract-tests/support/.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { importSpecifiers } from "../support/imports.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Not rooms of source: installed and built files, the packed tarball, git's own. */
const NOT_SOURCE = new Set(["node_modules", "dist", ".pack", ".git", "test"]);
/** The contract suite's self-check is tests (and their helpers), which may share test/'s fixtures as any test does. */
const TESTS = [join(root, "contract-tests", "self-check")];

/** Each relative import of `source` (the file `file`) whose target lies under test/. */
function importsOfTest(file: string, source: string): string[] {
  return importSpecifiers(source)
    .filter((specifier) => specifier.startsWith(".") && !relative(join(root, "test"), resolve(dirname(file), specifier)).startsWith(".."))
    .map((specifier) => `${relative(root, file)} imports ${specifier}`);
}

/** Every script of every room but test/, the self-check's tests left out. */
async function sources(): Promise<string[]> {
  const tops = (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory() && !NOT_SOURCE.has(entry.name));
  const files = await Promise.all(tops.map((top) => readdir(join(root, top.name), { withFileTypes: true, recursive: true })));
  return files
    .flat()
    .filter((entry) => entry.isFile() && /\.[cm]?[jt]s$/.test(entry.name) && !entry.parentPath.includes("node_modules"))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !TESTS.some((folder) => file.startsWith(folder)));
}

describe("the rooms' imports", () => {
  test("no room that others build on imports anything from test/", async () => {
    const files = await sources();
    expect(files.length).toBeGreaterThan(100);
    for (const room of ["src", "generated", "scripts", "contract-tests/support", "contract-tests/cli", "simulator", "bench", "examples"])
      expect(
        files.some((file) => file.startsWith(join(root, room))),
        room,
      ).toBe(true);
    const problems = (await Promise.all(files.map(async (file) => importsOfTest(file, await readFile(file, "utf8"))))).flat();
    expect(problems).toEqual([]);
  });

  test("the scan finds an import of test/ in each form, and only those", () => {
    const file = join(root, "contract-tests/support/cases/plan.ts");
    for (const source of [
      'import { spec } from "../../../test/support/spec.js";',
      'const { spec } = await import("../../../test/support/spec.js");',
      'import "../../../test/support/setup.js";',
      'const { spec } = require("../../../test/support/spec.cjs");',
    ])
      expect(importsOfTest(file, source), source).toHaveLength(1);
    expect(importsOfTest(file, 'import { spec } from "../spec.js";\nimport { x } from "../../../src/index.js";')).toEqual([]);
  });
});
