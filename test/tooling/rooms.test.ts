// Imports run one way between the top-level folders: the code other rooms build on (the client, the generated files,
// the scripts, the contract suite's runner and its command, the simulator, the benchmark) imports nothing from test/,
// whose helpers only tests may use. The contract suite's runner ships as @nexor/contract, so a helper it shares with
// the tests lives beside it, in contract-tests/support/.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const ROOMS = ["src", "generated", "scripts", "contract-tests/support", "contract-tests/cli", "contract-tests/setup", "simulator", "bench"];

/** Each relative import of `source` (the file `file`) whose target lies under test/. */
function importsOfTest(file: string, source: string): string[] {
  const specifiers = [
    ...source.matchAll(/\bfrom\s+["'`]([^"'`]+)["'`]/g),
    ...source.matchAll(/\bimport\s*\(\s*["'`]([^"'`]+)["'`]/g),
    ...source.matchAll(/\bimport\s+["'`]([^"'`]+)["'`]/g),
  ].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => specifier.startsWith(".") && !relative(join(root, "test"), resolve(dirname(file), specifier)).startsWith(".."))
    .map((specifier) => `${relative(root, file)} imports ${specifier}`);
}

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && /\.[cm]?[jt]s$/.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}

describe("the rooms' imports", () => {
  test("no room that others build on imports anything from test/", async () => {
    const files = (await Promise.all(ROOMS.map((room) => sources(join(root, room))))).flat();
    expect(files.length).toBeGreaterThan(100);
    const problems = (await Promise.all(files.map(async (file) => importsOfTest(file, await readFile(file, "utf8"))))).flat();
    expect(problems).toEqual([]);
  });

  test("the scan finds an import of test/ in each form, and only those", () => {
    const file = join(root, "contract-tests/support/cases/plan.ts");
    for (const source of [
      'import { spec } from "../../../test/support/spec.js";',
      'const { spec } = await import("../../../test/support/spec.js");',
      'import "../../../test/support/setup.js";',
    ])
      expect(importsOfTest(file, source), source).toHaveLength(1);
    expect(importsOfTest(file, 'import { spec } from "../spec.js";\nimport { x } from "../../../src/index.js";')).toEqual([]);
  });
});
