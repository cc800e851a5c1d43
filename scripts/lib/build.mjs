// Builds dist/ with tsc against tsconfig.build.json: ESM plus declarations for src/ and the generated files it imports;
// then the simulator (dist/simulator/) against tsconfig.simulator.json, which alone has Node's types.
// tsc does not re-emit declaration files, so generated/openapi.d.ts, which the emitted declarations import, is copied
// beside them; the bundled spec is copied as dist/openapi.bundled.json.
//
// A build is a pure function of its inputs (the sources, the tsconfigs, this script and the installed TypeScript), so
// `build()` skips the two tsc runs when dist/ is exactly what the last build of the same inputs wrote: `npm ci` builds
// through `prepare`, and `npm test` then packs that build instead of compiling everything again. The stamp records a
// hash of the inputs and one of dist/'s every file; a changed source, config or tool, or a dist/ touched by anything
// else, rebuilds from scratch. It lives in node_modules/.cache, never in dist/, so that it is not packed.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { root } from "./build-generated.mjs";

const stampPath = join(root, "node_modules/.cache/nexor-build/stamp.json");

/** Every file under each path (a file or a folder), sorted, as paths relative to the root. */
async function filesUnder(paths) {
  const files = [];
  for (const path of paths) {
    const entries = await readdir(join(root, path), { recursive: true, withFileTypes: true }).catch((error) => {
      if (error.code === "ENOTDIR") return null;
      if (error.code === "ENOENT") return [];
      throw error;
    });
    if (entries === null) files.push(path);
    else for (const entry of entries) if (entry.isFile()) files.push(relative(root, join(entry.parentPath, entry.name)));
  }
  return files.sort();
}

/** One hash of the names and contents of every file under the paths. */
async function hashOf(paths) {
  const hash = createHash("sha256");
  for (const file of await filesUnder(paths))
    hash
      .update(`${file}\0`)
      .update(await readFile(join(root, file)))
      .update("\0");
  return hash.digest("hex");
}

// What a build reads: the sources both tsconfigs include, the configs, package.json (its "type" decides what tsc
// emits under NodeNext), this script, the compiler itself and the Node types the simulator compiles against.
const inputs = () =>
  hashOf([
    "src",
    "simulator",
    "generated",
    "tsconfig.json",
    "tsconfig.build.json",
    "tsconfig.simulator.json",
    "package.json",
    "scripts/lib/build.mjs",
    "node_modules/typescript/package.json",
    "node_modules/@types/node/package.json",
  ]);

/** Rebuilds dist/ from scratch, unless it holds the build of these very inputs; rejects with tsc's report on failure. */
export async function build() {
  const stamp = JSON.parse(await readFile(stampPath, "utf8").catch(() => "{}"));
  const inputsHash = await inputs();
  if (stamp.inputs === inputsHash && stamp.dist === (await hashOf(["dist"]))) return { built: false };

  const dist = join(root, "dist");
  await rm(stampPath, { force: true });
  await rm(dist, { recursive: true, force: true });
  // Side by side: the two builds share nothing but dist/, where their outputs do not overlap.
  await Promise.all(
    ["tsconfig.build.json", "tsconfig.simulator.json"].map((config) =>
      promisify(execFile)(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, config)], { cwd: root }).catch(
        (error) => {
          throw new Error(`tsc -p ${config} failed:\n${error.stdout || error.message}`);
        },
      ),
    ),
  );
  await mkdir(join(dist, "generated"), { recursive: true });
  await copyFile(join(root, "generated/openapi.d.ts"), join(dist, "generated/openapi.d.ts"));
  // The bundled spec under a name that says what it is: one document, no external $ref, what generated/openapi.d.ts
  // was generated from (the package's ./openapi.bundled.json and ./openapi.json).
  await copyFile(join(root, "generated/openapi.json"), join(dist, "openapi.bundled.json"));
  // The inputs hashed again: a source edited while tsc ran must not be stamped as built.
  if ((await inputs()) === inputsHash) {
    await mkdir(join(stampPath, ".."), { recursive: true });
    await writeFile(stampPath, JSON.stringify({ inputs: inputsHash, dist: await hashOf(["dist"]) }));
  }
  return { built: true };
}
