// Proves the lint rules this project adds can fail, with the real redocly.yaml: one copy of the spec (openapi.yaml and
// spec/) gets every edit below, each breaking one rule, and `redocly lint` must report each rule by name; an unedited
// copy must report nothing, so every rule reported on the edited copy was made to fire by an edit. One `redocly lint`
// of both copies: linting the whole API takes seconds, and the CLI's start-up as long again.
import { execFile } from "node:child_process";
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const redocly = join(root, "node_modules/@redocly/cli/bin/cli.js");
const run = promisify(execFile);

interface Problem {
  ruleId: string;
  message: string;
}

/** One text edit of one spec file, by its path from the project root. */
interface Edit {
  file: string;
  pattern: RegExp;
  replacement: string;
}

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

/** A copy of the spec with `edits` applied (none: the committed spec as is), in a folder of `work`; its root's path. */
async function specCopy(work: string, name: string, edits: Edit[]): Promise<string> {
  const folder = join(work, name);
  await mkdir(folder);
  await copyFile(join(root, "openapi.yaml"), join(folder, "openapi.yaml"));
  await cp(join(root, "spec"), join(folder, "spec"), { recursive: true });
  for (const edit of edits) {
    const original = await readFile(join(folder, edit.file), "utf8");
    const edited = original.replace(edit.pattern, edit.replacement);
    if (edited === original) throw new Error(`the edit ${edit.pattern} matched nothing in ${edit.file}`);
    await writeFile(join(folder, edit.file), edited);
  }
  return join(name, "openapi.yaml");
}

/** The problems `redocly lint` reports for each spec, in order, with the project's redocly.yaml. */
async function lint(work: string, specs: string[]): Promise<Problem[][]> {
  await copyFile(join(root, "redocly.yaml"), join(work, "redocly.yaml"));
  // lint exits non-zero when it finds errors; its JSON report on stdout, one document per spec, is what is judged.
  const { stdout } = await run(process.execPath, [redocly, "lint", ...specs, "--format=json"], { cwd: work }).catch(
    (error: { stdout: string }) => error,
  );
  return stdout
    .trim()
    .split(/(?<=\n\})(?=\{)/)
    .map((report) => (JSON.parse(report) as { problems: Problem[] }).problems);
}

const edit = (file: string, pattern: RegExp, replacement: string): Edit => ({ file, pattern, replacement });

const cases: Array<[rule: string, change: string, edit: Edit]> = [
  [
    "rule/https-servers-only",
    "a plain-http server",
    edit("openapi.yaml", /url: https:\/\/api\.getnexor\.ai/, "url: http://api.getnexor.ai"),
  ],
  ["rule/api-key-in-header-only", "the API key moved to the query", edit("openapi.yaml", /(type: apiKey\n\s+)in: header/, "$1in: query")],
  [
    "rule/operation-documents-401",
    "an operation without its 401",
    edit("spec/paths/messages.yaml", /\n {4}'401':\n {6}\$ref: \.\.\/components\/responses\/common\.yaml#\/Unauthorized/, ""),
  ],
  [
    "rule/no-credential-parameters",
    "an api_key query parameter",
    edit(
      "spec/paths/messages.yaml",
      /(operationId: sendMessage\n)/,
      "$1  parameters:\n    - name: api_key\n      in: query\n      description: Key.\n      schema:\n        type: string\n",
    ),
  ],
  [
    "no-invalid-media-type-examples",
    "an example that breaks its schema",
    edit("spec/components/examples/messages.yaml", /(\n {4})channel: call\n/, "$1channel: sms\n"),
  ],
];

let clean: Problem[];
let broken: Problem[];
beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), "nexor-lint-"));
  folders.push(work);
  const specs = await Promise.all([
    specCopy(work, "clean", []),
    specCopy(
      work,
      "broken",
      cases.map(([, , edit]) => edit),
    ),
  ]);
  const reports = await lint(work, specs);
  expect(reports).toHaveLength(2);
  [clean, broken] = reports as [Problem[], Problem[]];
}, 60_000);

describe("redocly.yaml", () => {
  test("the committed spec has no problems", () => {
    expect(clean).toEqual([]);
  });
  test.each(cases)("%s reports %s", (rule) => {
    expect(broken.map((problem) => problem.ruleId)).toContain(rule);
  });
});
