// The simulator is a judge the contract did not write: it imports only Node's built-ins and its own files, and reads
// nothing from the spec (openapi.yaml, spec/), generated/, contract-tests/ or the client (src/).
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importSpecifiers } from "../support/imports.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const folder = join(root, "simulator");
const FORBIDDEN = /openapi\.(ya?ml|json)|(^|[/"'`])(spec|generated|contract-tests|src)\//;

/** Every problem in one source file of simulator/: an import from outside, or a string naming a forbidden path. */
function boundaryProblems(file: string, source: string): string[] {
  const problems: string[] = [];
  for (const specifier of importSpecifiers(source)) {
    if (specifier.startsWith("node:")) continue;
    if (specifier.startsWith(".")) {
      const target = resolve(dirname(file), specifier);
      if (relative(folder, target).startsWith("..")) problems.push(`${relative(root, file)} imports ${specifier}, outside simulator/`);
      continue;
    }
    problems.push(`${relative(root, file)} imports ${specifier}: only node: built-ins are allowed`);
  }
  // Any string literal naming the spec, generated/, contract-tests/ or src/ (a path a read could open).
  for (const match of source.matchAll(/(["'`])((?:\\.|(?!\1).)*)\1/g)) {
    if (FORBIDDEN.test(match[2]!)) problems.push(`${relative(root, file)} names ${match[2]}`);
  }
  if (/\b(readFile|readFileSync|createReadStream|readdir|readdirSync|openSync|opendir)\b/.test(source)) {
    problems.push(`${relative(root, file)} reads files: the simulator reads nothing from disk`);
  }
  return problems;
}

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : Promise.resolve(/\.[cm]?[jt]s$/.test(entry.name) ? [join(dir, entry.name)] : []),
    ),
  );
  return files.flat();
}

describe("the simulator's import boundary", () => {
  it("imports only node: built-ins and its own files, and names no path of the spec, generated/, contract-tests/ or src/", async () => {
    const files = await sources(folder);
    expect(files.length).toBeGreaterThan(10);
    const problems = (await Promise.all(files.map(async (file) => boundaryProblems(file, await readFile(file, "utf8"))))).flat();
    expect(problems).toEqual([]);
  });

  it("the client (src/) imports nothing of the simulator, so none of it reaches a client bundle", async () => {
    const files = await sources(join(root, "src"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(await readFile(file, "utf8"), relative(root, file)).not.toMatch(/["'`][./]*simulator\//);
  });

  it("the scan fails on each forbidden import and read", () => {
    const file = join(folder, "rules", "bad.ts");
    const cases = [
      'import { x } from "../../generated/operations.js";',
      'import type { Y } from "../../src/index.js";',
      'const spec = await import("../../contract-tests/support/spec.js");',
      'import Ajv from "ajv";',
      'const text = readFileSync(new URL("../../openapi.yaml", import.meta.url));',
      'const dir = "spec/paths";',
    ];
    for (const source of cases) expect(boundaryProblems(file, source), source).not.toEqual([]);
    expect(boundaryProblems(file, 'import { randomUUID } from "node:crypto";\nimport { route } from "../route.js";')).toEqual([]);
  });
});
