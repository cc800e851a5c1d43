// vitest globalSetup for the package tests: the packed @nexor/api installed once into an empty project, as another
// repo installs it (`npm install <tarball>`; its one dependency, openapi-fetch, from the cache `npm ci` filled). Each
// test file copies that project and works in its copy, so npm installs the package once per run, not once per file.
// `npm test` packs once (scripts/pack.mjs) and names the tarball's folder in NEXOR_PACK_DIR; run alone, it packs here.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { pack } from "../../scripts/pack.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** An empty project with the packed @nexor/api installed: copy it, never change it. */
    installedProject: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), "nexor-installed-"));
  const packed = process.env.NEXOR_PACK_DIR;
  const found = packed && (await readdir(packed)).find((file) => file.endsWith(".tgz"));
  const tarball = found ? join(packed, found) : await pack(join(folder, ".pack"));
  const installed = join(folder, "project");
  await mkdir(installed);
  await writeFile(join(installed, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  await promisify(execFile)(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: installed });
  project.provide("installedProject", installed);
  return () => rm(folder, { recursive: true, force: true });
}
