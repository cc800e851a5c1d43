// Builds every file of generated/ into a folder of the caller's choosing. generate.mjs swaps that folder into place;
// check-generated.mjs compares it byte for byte with the committed one. One builder for both means the drift check
// can never disagree with the generator about what "fresh" is.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { operationsSources } from "./operations.mjs";
import { requestSchemasSource } from "./request-schemas.mjs";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const specPath = join(root, "openapi.yaml");
export const generatedDir = join(root, "generated");

const run = promisify(execFile);

/** Versions of the tools whose output lands in generated/; a change of any of them may change the bytes. */
export async function toolVersions() {
  const versions = {};
  for (const name of ["@redocly/cli", "ajv-formats", "openapi-typescript"]) {
    const manifest = JSON.parse(await readFile(join(root, "node_modules", name, "package.json"), "utf8"));
    versions[name] = manifest.version;
  }
  return versions;
}

/** Writes generated/ into `outDir` and returns the file names it wrote. */
export async function buildGenerated(outDir) {
  const spec = await readFile(specPath);
  const bundlePath = join(outDir, "openapi.json");

  // The CLI, not the Node API, so that bundling runs the very Redocly version that `npm run lint` runs.
  await run(process.execPath, [join(root, "node_modules/@redocly/cli/bin/cli.js"), "bundle", specPath, "-o", bundlePath], {
    cwd: root,
  });
  const bundle = JSON.parse(await readFile(bundlePath, "utf8"));

  // defaultNonNullable off: a request field with a schema `default` (the email subject) must stay optional.
  const ast = await openapiTS(pathToFileURL(specPath), { defaultNonNullable: false });
  await writeFile(join(outDir, "openapi.d.ts"), COMMENT_HEADER + astToString(ast));
  await writeFile(join(outDir, "request-schemas.ts"), requestSchemasSource(bundle));
  for (const [file, source] of Object.entries(operationsSources(bundle))) await writeFile(join(outDir, file), source);

  const manifest = {
    source: "openapi.yaml",
    sha256: createHash("sha256").update(spec).digest("hex"),
    contractVersion: bundle.info.version,
    operations: Object.values(bundle.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) => (operation?.operationId ? [operation.operationId] : [])),
    ),
    tools: await toolVersions(),
  };
  await writeFile(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(outDir, "README.md"), README);

  return ["README.md", "manifest.json", "openapi.d.ts", "methods.ts", "openapi.json", "operations.ts", "request-schemas.ts"];
}

const README = `# generated/ — do not edit

Everything here is written by \`npm run generate\` from [\`../openapi.yaml\`](../openapi.yaml), and
\`npm run check:generated\` (part of \`npm test\`) fails when any file is stale, missing or extra. To change
what is here, edit \`openapi.yaml\` and run \`npm run generate\`.

| file | what it is | made by |
| --- | --- | --- |
| \`openapi.d.ts\` | TypeScript types of every path, operation and schema | openapi-typescript |
| \`openapi.json\` | the spec bundled into one JSON document, for tools and tests that load it at run time | \`redocly bundle\` |
| \`operations.ts\` | every operation as the client's request core calls it (method, path, parameters, the policy of its x-nexor-* extensions) and the tree of client methods | \`scripts/lib/operations.mjs\` |
| \`methods.ts\` | the signature of every client method and named types of each operation's body, query and result | \`scripts/lib/operations.mjs\` |
| \`request-schemas.ts\` | each operation's JSON request-body schema, references inlined, for the client's local validation | \`scripts/lib/request-schemas.mjs\` |
| \`manifest.json\` | the SHA-256 of the \`openapi.yaml\` these files came from, its version, and the tool versions | \`scripts/generate.mjs\` |

The bytes are exactly what the tools print; no formatter touches them.
`;
