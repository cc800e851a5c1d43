// Builds dist/ with tsc against tsconfig.build.json: ESM plus declarations for src/ and the generated request schemas
// it imports. tsc does not re-emit declaration files, so generated/openapi.d.ts, which the emitted declarations import,
// is copied beside them.
import { execFile } from "node:child_process";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { root } from "./lib/build-generated.mjs";

const dist = join(root, "dist");
await rm(dist, { recursive: true, force: true });
await promisify(execFile)(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], {
  cwd: root,
}).catch((error) => {
  console.error(error.stdout || error.message);
  process.exit(1);
});
await mkdir(join(dist, "generated"), { recursive: true });
await copyFile(join(root, "generated/openapi.d.ts"), join(dist, "generated/openapi.d.ts"));
console.log("Built dist/ from src/ and generated/.");
