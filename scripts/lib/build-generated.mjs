// Builds every file of generated/ into a folder of the caller's choosing. generate.mjs swaps that folder into place;
// check-generated.mjs compares it byte for byte with the committed one. One builder for both means the drift check
// can never disagree with the generator about what "fresh" is.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { operationsSources } from "./operations.mjs";
import { requestSchemasSource, webhooksSource } from "./request-schemas.mjs";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const specPath = join(root, "openapi.yaml");
/** The folder of path and component files the root `$ref`s (Redocly's split layout). */
export const specDir = join(root, "spec");
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

/**
 * Every file of the contract, root first then spec/ in sorted order, as `[relative path, bytes]`. Any of them can
 * change the bundle, so the manifest's hash covers them all.
 */
export async function specFiles() {
  const nested = (await readdir(specDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(root, join(entry.parentPath ?? entry.path, entry.name))
        .split("\\")
        .join("/"),
    )
    .sort();
  return Promise.all(["openapi.yaml", ...nested].map(async (file) => [file, await readFile(join(root, file))]));
}

/** SHA-256 over each file's path and bytes, so that renaming a file changes it as much as editing one. */
export function specHash(files) {
  const hash = createHash("sha256");
  for (const [file, bytes] of files) hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  return hash.digest("hex");
}

/** Writes generated/ into `outDir` and returns the file names it wrote. */
export async function buildGenerated(outDir) {
  const files = await specFiles();
  const bundlePath = join(outDir, "openapi.json");

  // Loading openapi-typescript (the TypeScript compiler with it) takes about as long as the bundle: both at once.
  const typescriptGenerator = import("openapi-typescript");
  // The CLI, not the Node API, so that bundling runs the very Redocly version that `npm run lint` runs.
  await run(process.execPath, [join(root, "node_modules/@redocly/cli/bin/cli.js"), "bundle", specPath, "-o", bundlePath], {
    cwd: root,
  });
  const bundle = JSON.parse(await readFile(bundlePath, "utf8"));
  const { default: openapiTS, astToString, COMMENT_HEADER } = await typescriptGenerator;

  // The types come from the bundle, not from openapi.yaml: the bundle names every component exactly as the root
  // lists it, where openapi-typescript resolving the split files itself would inline some of them.
  // defaultNonNullable off: a request field with a schema `default` (the email subject) must stay optional.
  const ast = await openapiTS(structuredClone(bundle), { defaultNonNullable: false });
  await writeFile(join(outDir, "openapi.d.ts"), COMMENT_HEADER + astToString(ast));
  await writeFile(join(outDir, "request-schemas.ts"), requestSchemasSource(bundle));
  await writeFile(join(outDir, "webhooks.ts"), webhooksSource(bundle));
  for (const [file, source] of Object.entries(operationsSources(bundle))) await writeFile(join(outDir, file), source);

  const manifest = {
    source: ["openapi.yaml", "spec/"],
    files: files.length,
    sha256: specHash(files),
    contractVersion: bundle.info.version,
    operations: Object.values(bundle.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) => (operation?.operationId ? [operation.operationId] : [])),
    ),
    webhooks: Object.keys(bundle.webhooks ?? {}),
    tools: await toolVersions(),
  };
  await writeFile(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(outDir, "README.md"), README);

  return ["README.md", "manifest.json", "openapi.d.ts", "methods.ts", "openapi.json", "operations.ts", "request-schemas.ts", "webhooks.ts"];
}

const README = `# generated/ — do not edit

Everything here is written by \`npm run generate\` from [\`../openapi.yaml\`](../openapi.yaml) and the files it
references in [\`../spec/\`](../spec/), and \`npm run check:generated\` (part of \`npm test\`) fails when any file is
stale, missing or extra. To change what is here, edit the spec and run \`npm run generate\`.

| file | what it is | made by |
| --- | --- | --- |
| \`openapi.d.ts\` | TypeScript types of every path, operation, webhook and schema, from the bundle | openapi-typescript |
| \`openapi.json\` | the spec bundled into one JSON document, for tools and tests that load it at run time | \`redocly bundle\` |
| \`operations.ts\` | the tree of client methods, each the operation as the client's request core calls it (method, path, parameters, the policy of its x-nexor-* extensions, the request schemas it validates) | \`scripts/lib/operations.mjs\` |
| \`methods.ts\` | the signature of every client method and named types of each operation's body, query and result | \`scripts/lib/operations.mjs\` |
| \`webhooks.ts\` | the schema of each webhook delivery and of the envelope they share, for \`parseWebhook\`, and their types | \`scripts/lib/request-schemas.mjs\` |
| \`request-schemas.ts\` | the type of a request schema and the string formats' expressions the client's validator uses (the schemas are in each operation's entry in \`operations.ts\`) | \`scripts/lib/request-schemas.mjs\` |
| \`manifest.json\` | the SHA-256 of the spec files these came from (\`openapi.yaml\` and \`spec/\`), its version, its operations and the tool versions | \`scripts/generate.mjs\` |

The bytes are exactly what the tools print; no formatter touches them.
`;
