// The README's "Generating your own types from the installed spec", as another repository runs it: the packed
// tarball installed into an empty project, openapi-typescript beside it, then the README's own commands run there.
// The first must write generated/openapi.d.ts byte for byte; the second (check mode) must pass on that file and fail
// on one with a planted change. Offline: npm's cache holds openapi-typescript's tarball but not the registry's list of
// its versions, so the project gets this repository's installed copy (the version the manifest records, which the
// README's install line names) linked into its node_modules and its .bin, where `npm install` would put them.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(root, "generated/manifest.json"), "utf8")) as { tools: Record<string, string> };

/** The README's commands of the section, each `npx openapi-typescript …` line of its sh blocks, in order. */
function readmeCommands(): { generate: string; check: string; install: string } {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.indexOf("### Generating your own types from the installed spec");
  const section = readme.slice(start, readme.indexOf("\n## ", start));
  const lines = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => match[1]!.trim().split("\n"));
  const install = lines.find((line) => line.startsWith("npm install"));
  const generate = lines.find((line) => line.startsWith("npx openapi-typescript") && !line.includes("--check"));
  const check = lines.find((line) => line.startsWith("npx openapi-typescript") && line.includes("--check"));
  if (start < 0 || !install || !generate || !check) throw new Error("README.md no longer has the regenerate section's commands");
  return { install, generate, check };
}

const commands = readmeCommands();
const output = commands.generate.match(/-o (\S+)/)?.[1] ?? "";
let project: string;

// Run through the shell as a user types them, npx finding the installed bin; npm may not reach any registry.
// `direct` runs a command's openapi-typescript without npx: npx is proven to find it by the first command, and the
// check commands begin with the same `npx openapi-typescript ` (npm's start-up, ~0.6 s of CPU, is not paid twice more).
const npxPrefix = "npx openapi-typescript ";
const direct = (command: string) => `node_modules/.bin/openapi-typescript ${command.slice(npxPrefix.length)}`;
const sh = (command: string) =>
  run("sh", ["-c", command], { cwd: project, env: { ...process.env, npm_config_offline: "true", NO_COLOR: "1" } }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout}${error.stderr}` }),
  );

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "nexor-regenerate-"));
  // The tarball in place of the registry's @nexor/api: a copy of the project the package tests' global setup installed
  // it into (test/package/installed-project.ts).
  await cp(inject("installedProject"), project, { recursive: true, verbatimSymlinks: true });
  await mkdir(join(project, "node_modules/.bin"), { recursive: true });
  await symlink(join(root, "node_modules/openapi-typescript"), join(project, "node_modules/openapi-typescript"), "dir");
  await symlink(join(root, "node_modules/openapi-typescript/bin/cli.js"), join(project, "node_modules/.bin/openapi-typescript"));
}, 180_000);

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe("the README's regenerate command, in another project", () => {
  test("installs the openapi-typescript version the manifest records", async () => {
    expect(commands.install).toContain(`openapi-typescript@${manifest.tools["openapi-typescript"]}`);
    const installed = JSON.parse(await readFile(join(project, "node_modules/openapi-typescript/package.json"), "utf8"));
    expect(installed.version).toBe(manifest.tools["openapi-typescript"]);
  });

  test("reads a bundled spec with no external $ref", async () => {
    const bundled = await readFile(join(project, "node_modules/@nexor/api/dist/openapi.bundled.json"), "utf8");
    const refs = [...bundled.matchAll(/"\$ref":\s*"([^"]*)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => !ref.startsWith("#/"))).toEqual([]);
  });

  test("reproduces the shipped types byte for byte, then its check mode passes, and fails on a planted change", async () => {
    expect(commands.generate.startsWith(npxPrefix) && commands.check.startsWith(npxPrefix)).toBe(true);
    const generated = await sh(commands.generate);
    expect(generated.code, generated.output).toBe(0);
    const shipped = await readFile(join(root, "generated/openapi.d.ts"), "utf8");
    const written = await readFile(join(project, output), "utf8");
    expect(written === shipped, "the regenerated types differ from generated/openapi.d.ts").toBe(true);

    const fresh = await sh(direct(commands.check));
    expect(fresh.code, fresh.output).toBe(0);

    // A repository whose types came from an older spec: one field's type differs from what the installed spec gives.
    const planted = written.replace("first_name: string;", "first_name: number;");
    expect(planted).not.toBe(written);
    await writeFile(join(project, output), planted);
    const stale = await sh(direct(commands.check));
    expect(stale.code).toBe(1);
    expect(stale.output).toContain("Generated types are not up-to-date!");
    expect(await readFile(join(project, output), "utf8")).toBe(planted);
  }, 180_000);
});
