// `npm run docs`: the API reference as one static HTML page, dist-docs/index.html (or the path given), built by
// `redocly build-docs` from the spec. The page carries Redoc's script (--inlineBundle), so it works offline and
// fetches nothing. Redoc renders each operation and webhook in the browser from the definition embedded in the page.
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { root, specPath } from "./lib/build-generated.mjs";

const output = resolve(process.argv[2] ?? join(root, "dist-docs/index.html"));
await promisify(execFile)(
  process.execPath,
  [
    join(root, "node_modules/@redocly/cli/bin/cli.js"),
    "build-docs",
    specPath,
    "--inlineBundle",
    "--title",
    "Nexor public API reference",
    "-o",
    output,
  ],
  { cwd: root },
);
const { size } = await stat(output);
console.log(`Wrote the API reference to ${relative(process.cwd(), output) || output} (${Math.round(size / 1024)} KiB, offline).`);
