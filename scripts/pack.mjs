// `npm run check:package`: builds dist/ (no tsc run when dist/ is already the build of the current sources, as `npm ci`'s
// `prepare` left it), packs it once (without prepare, which would build again) into .pack/, and holds that one tarball
// to publint and are-the-types-wrong. The package tests install the same tarball when NEXOR_PACK_DIR names its folder,
// so `npm test` builds at most once and packs exactly once.
import { execFile } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "./lib/build.mjs";
import { root } from "./lib/build-generated.mjs";

const run = promisify(execFile);
const bin = (name) => join(root, "node_modules/.bin", name);

/** Builds and packs the package; resolves with the tarball's absolute path. */
export async function pack(destination = join(root, ".pack")) {
  await build();
  await rm(destination, { recursive: true, force: true });
  await mkdir(destination, { recursive: true });
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], { cwd: root });
  return join(destination, JSON.parse(stdout)[0].filename);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tarball = await pack();
  const checks = [
    [bin("publint"), ["run", tarball, "--strict"]],
    [bin("attw"), [tarball, "--profile", "esm-only", "--exclude-entrypoints", "./openapi.yaml"]],
  ];
  const results = await Promise.allSettled(checks.map(([command, args]) => run(command, args, { cwd: root })));
  let failed = false;
  for (const [index, result] of results.entries()) {
    const output =
      result.status === "fulfilled" ? result.value.stdout : `${result.reason.stdout ?? ""}${result.reason.stderr ?? result.reason.message}`;
    console.log(output.trim());
    failed ||= result.status === "rejected";
    if (result.status === "rejected") console.error(`${checks[index][0]} failed on ${tarball}`);
  }
  if (failed) process.exit(1);
  console.log(`Packed and checked ${tarball}`);
}
