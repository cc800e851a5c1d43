// Builds dist/ with tsc against tsconfig.build.json: ESM plus declarations for src/ and the generated files it imports;
// then the simulator (dist/simulator/) against tsconfig.simulator.json, which alone has Node's types.
// tsc does not re-emit declaration files, so generated/openapi.d.ts, which the emitted declarations import, is copied
// beside them; the bundled spec is copied as dist/openapi.bundled.json.
import { execFile } from "node:child_process";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { root } from "./build-generated.mjs";

/** Rebuilds dist/ from scratch; rejects with tsc's report when the build fails. */
export async function build() {
  const dist = join(root, "dist");
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
}
