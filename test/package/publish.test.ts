// What the release workflow publishes, published with --dry-run: @nexor/api and @nexor/contract (the tarballs `npm test`
// packs, or packed here when this file runs alone), each against a loopback registry that counts what it is asked, so nothing
// leaves the machine and nothing can be published by mistake. Each tarball's file list is held to its manifest: every
// `exports` and `bin` target is in it, nothing outside its `files`, and no source, test or credential file.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildContractPackage } from "../../scripts/build-contract-package.mjs";
import { pack } from "../../scripts/pack.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface PackageManifest {
  name: string;
  version: string;
  files?: string[];
  exports?: Record<string, string | Record<string, string>>;
  bin?: Record<string, string>;
  publishConfig?: { access?: string };
}
interface DryRun {
  name: string;
  version: string;
  files: { path: string }[];
}

let folder: string;
let registry: Server;
let registryUrl: string;
const asked: string[] = [];
const tarballs: Record<string, string> = {};

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "nexor-publish-"));
  // A registry that has never heard of either package: npm 11 asks for the packument before a dry run, and is told 404.
  registry = createServer((request, response) => {
    asked.push(`${request.method} ${request.url}`);
    response.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
  });
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;

  // `npm test` packs each package once, for every test that installs or runs it, and names their folders here.
  const packedIn = async (variable: string) => {
    const packed = process.env[variable];
    const found = packed && (await readdir(packed)).find((file) => file.endsWith(".tgz"));
    return found ? resolve(root, packed, found) : undefined;
  };
  const [api, contract] = await Promise.all([
    packedIn("NEXOR_PACK_DIR").then((found) => found ?? pack(join(folder, "api"))),
    packedIn("NEXOR_CONTRACT_PACK_DIR").then((found) => found ?? buildContractPackage(folder)),
  ]);
  tarballs["@nexor/api"] = api;
  tarballs["@nexor/contract"] = contract;
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => registry?.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

/** `npm publish --dry-run` of a tarball, as the release workflow runs it but for --provenance (CI's OIDC only). */
async function publishDryRun(tarball: string): Promise<{ result: DryRun; log: string }> {
  const { stdout, stderr } = await run(
    npm,
    ["publish", "--dry-run", "--json", "--registry", registryUrl, "--fetch-retries=0", "--no-audit", tarball],
    // Its own folder: no .npmrc of this repository or of the user decides where it goes.
    { cwd: folder, env: { ...process.env, npm_config_userconfig: join(folder, "no-npmrc") } },
  );
  const parsed = JSON.parse(stdout) as Record<string, DryRun>;
  return { result: Object.values(parsed)[0]!, log: stderr };
}

// One dry run per package, which both of its tests judge: npm is started twice in all, not four times.
const dryRuns = new Map<string, Promise<{ result: DryRun; log: string }>>();
const dryRun = (tarball: string) => dryRuns.get(tarball) ?? dryRuns.set(tarball, publishDryRun(tarball)).get(tarball)!;

/** The manifest inside the tarball, which is what npm publishes. */
async function manifestOf(tarball: string): Promise<PackageManifest> {
  const { stdout } = await run("tar", ["-xzOf", tarball, "package/package.json"]);
  return JSON.parse(stdout) as PackageManifest;
}

function targets(manifest: PackageManifest): string[] {
  const exported = Object.values(manifest.exports ?? {}).flatMap((target) =>
    typeof target === "string" ? [target] : Object.values(target),
  );
  return [...exported, ...Object.values(manifest.bin ?? {})].map((target) => target.replace(/^\.\//, ""));
}

const expected: Record<string, { required: string[] }> = {
  "@nexor/api": {
    required: [
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/generated/openapi.d.ts",
      "dist/openapi.bundled.json",
      "openapi.yaml",
      "generated/manifest.json",
      "README.md",
      "LICENSE",
    ],
  },
  "@nexor/contract": { required: ["bin/nexor-contract.mjs", "nexor-contract.yml", "README.md", "LICENSE"] },
};

describe.each(Object.keys(expected))("npm publish --dry-run of %s", (name) => {
  test("publishes this version with public access, and sends the registry nothing but a read", async () => {
    const tarball = tarballs[name]!;
    const manifest = await manifestOf(tarball);
    const { version } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
    expect(manifest).toMatchObject({ name, version, publishConfig: { access: "public" } });
    const { result, log } = await dryRun(tarball);
    expect(result).toMatchObject({ name, version });
    expect(log).toContain("with tag latest and public access (dry-run)");
    expect(asked.filter((request) => !request.startsWith("GET "))).toEqual([]);
  }, 60_000);

  test("holds every file its manifest points at, and nothing else", async () => {
    const tarball = tarballs[name]!;
    const manifest = await manifestOf(tarball);
    const { result } = await dryRun(tarball);
    const files = result.files.map((file) => file.path).sort();
    expect(files).toEqual(expect.arrayContaining([...expected[name]!.required, ...targets(manifest), "package.json"]));
    const allowed = ["package.json", "README.md", "LICENSE", ...(manifest.files ?? [])];
    const outside = files.filter((file) => !allowed.some((entry) => file === entry || file.startsWith(`${entry}/`)));
    expect(outside).toEqual([]);
    // Nothing that belongs to the repository rather than the package: sources, tests, scripts, keys, local settings.
    const repositoryOnly = /^(src|test|contract-tests|scripts|bench|node_modules|\.github)\/|(^|\/)(\.env[^/]*|\.npmrc)$|\.tgz$/;
    expect(files.filter((file) => repositoryOnly.test(file))).toEqual([]);
  }, 60_000);
});
