// Proves the lint rules this project adds can fail: each case edits a copy of openapi.yaml to break one rule and
// expects `redocly lint` to report that rule by name, with the real redocly.yaml.
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
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

let original: string;
const folders: string[] = [];
beforeAll(async () => {
  original = await readFile(join(root, "openapi.yaml"), "utf8");
});
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

async function lint(spec: string): Promise<Problem[]> {
  const folder = await mkdtemp(join(tmpdir(), "nexor-lint-"));
  folders.push(folder);
  await writeFile(join(folder, "openapi.yaml"), spec);
  await copyFile(join(root, "redocly.yaml"), join(folder, "redocly.yaml"));
  // lint exits non-zero when it finds errors; the JSON report on stdout is what is judged.
  const { stdout } = await run(process.execPath, [redocly, "lint", "--format=json"], { cwd: folder }).catch(
    (error: { stdout: string }) => error,
  );
  return (JSON.parse(stdout) as { problems: Problem[] }).problems;
}

function edit(pattern: RegExp, replacement: string): (spec: string) => string {
  return (spec) => {
    const edited = spec.replace(pattern, replacement);
    if (edited === spec) throw new Error(`the edit ${pattern} matched nothing in openapi.yaml`);
    return edited;
  };
}

const cases: Array<[rule: string, change: string, apply: (spec: string) => string]> = [
  ["rule/https-servers-only", "a plain-http server", edit(/url: https:\/\/api\.getnexor\.ai/, "url: http://api.getnexor.ai")],
  ["rule/api-key-in-header-only", "the API key moved to the query", edit(/(type: apiKey\n\s+)in: header/, "$1in: query")],
  [
    "rule/operation-documents-401",
    "an operation without its 401",
    edit(/\n {8}'401':\n {10}\$ref: '#\/components\/responses\/Unauthorized'/, ""),
  ],
  [
    "rule/no-credential-parameters",
    "an api_key query parameter",
    edit(
      /(operationId: sendMessage\n)/,
      "$1      parameters:\n        - name: api_key\n          in: query\n          description: Key.\n          schema:\n            type: string\n",
    ),
  ],
  ["no-invalid-media-type-examples", "an example that breaks its schema", edit(/(\n {8})channel: call\n/, "$1channel: sms\n")],
];

describe("redocly.yaml", () => {
  test("the committed spec has no problems", async () => {
    expect(await lint(original)).toEqual([]);
  });
  test.concurrent.each(cases)("%s reports %s", async (rule, _change, apply) => {
    const problems = await lint(apply(original));
    expect(problems.map((problem) => problem.ruleId)).toContain(rule);
  });
});
