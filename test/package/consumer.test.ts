// The package as another repo gets it: the packed tarball installed into an empty project, a consumer that imports
// every entry type-checked under the two module resolutions a TypeScript project uses for Node (nodenext) and for a
// bundler, the README's TypeScript blocks and examples/ compiled there too, run against the Prism mock, and the client required from CommonJS as Node ≥ 20.19 allows. The tarball is
// installed once for the package tests by their global setup (test/package/installed-project.ts); this file works in
// a copy of that project.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { RunningMock } from "../../contract-tests/support/prism.js";
import { prismMock } from "../../contract-tests/support/shared-mock.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };

// Typed against the package alone: no Node types, so that it type-checks as an edge or browser project would too.
const consumer = `
import { createNexorClient, NexorError, RequestValidationError, type MessageSent, type GetLeadResult } from "@nexor/api";
import { createNexorApi } from "@nexor/api/openapi-fetch";
import { parseWebhook } from "@nexor/api/webhooks";
import type { components } from "@nexor/api/types";
import spec from "@nexor/api/openapi.json" with { type: "json" };

type SendMessageRequest = components["schemas"]["SendMessageRequest"];
const body = {
  lead_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
  workflow_id: "5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11",
  channel: "call",
  begin_message: "Hi John",
} satisfies SendMessageRequest;

// The key and base URL come from NEXOR_API_KEY and NEXOR_BASE_URL; Prism picks the response example by name.
const nexor = createNexorClient({ headers: { prefer: "example=call" } });
const sent: MessageSent<"call"> = await nexor.messages.send(body);
const invalid = await nexor.messages.send({ ...body, lead_id: "lead-uuid" }).catch((error: unknown) => error);
const lead: GetLeadResult = await createNexorClient().leads.get(body.lead_id);
const { response } = await createNexorApi().GET("/leads/{id}", { params: { path: { id: body.lead_id } } });
const event = parseWebhook(JSON.stringify({ event_type: "lead.merged", event_id: body.lead_id }));
console.log(JSON.stringify({
  callStatus: sent.call_status,
  invalid: invalid instanceof RequestValidationError && invalid instanceof NexorError,
  lead: typeof lead === "object",
  api: response.status,
  webhook: event.known,
  specVersion: spec.info.version,
}));
`;

// CommonJS: require() of the ESM package (Node ≥ 20.19 and ≥ 22.12), and the files a consumer reads from it.
const commonjs = `
const { readFileSync } = require("node:fs");
const { createNexorClient } = require("@nexor/api");
const manifest = require("@nexor/api/manifest.json");
const yaml = readFileSync(require.resolve("@nexor/api/openapi.yaml"), "utf8");
console.log(JSON.stringify({ client: typeof createNexorClient({ apiKey: "k" }).leads.get, manifest: manifest.contractVersion, yaml: yaml.startsWith("openapi: 3.1") }));
`;

// skipLibCheck: the package's declarations are tsc's own output from the build, checked there; what this proves is
// that each entry resolves and types the consumer's code under each resolution.
const compilerOptions = { target: "ES2022", strict: true, resolveJsonModule: true, types: [], lib: ["ES2022", "DOM"], skipLibCheck: true };
const tsconfigs = {
  // Emits consumer.js, which the run test executes.
  "tsconfig.json": { compilerOptions: { ...compilerOptions, module: "NodeNext", moduleResolution: "NodeNext" }, files: ["consumer.ts"] },
  "tsconfig.bundler.json": {
    compilerOptions: { ...compilerOptions, module: "Preserve", moduleResolution: "Bundler", noEmit: true },
    files: ["consumer.ts"],
  },
};

// Every TypeScript block of the README and every file of examples/, each a module of its own, compiled as a user's
// project would: strict, with Node's types (the examples and the webhook receiver are Node code), under both
// resolutions. A README block is named after its line, so that a failure points at it.
const readmeBlocks = [...readFileSync(join(root, "README.md"), "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => ({
  file: `docs/readme-line-${readFileSync(join(root, "README.md"), "utf8").slice(0, match.index).split("\n").length}.ts`,
  source: `${match[1]}\nexport {};\n`,
}));
const exampleFiles = readdirSync(join(root, "examples")).filter((file) => file.endsWith(".ts"));
const docsOptions = { ...compilerOptions, noEmit: true, types: ["node"], typeRoots: [join(root, "node_modules/@types")] };
const docsFiles = [...readmeBlocks.map(({ file }) => file), ...exampleFiles.map((file) => `examples/${file}`)];
const docsConfigs = {
  "tsconfig.docs.json": { compilerOptions: { ...docsOptions, module: "NodeNext", moduleResolution: "NodeNext" }, files: docsFiles },
  "tsconfig.docs.bundler.json": { compilerOptions: { ...docsOptions, module: "Preserve", moduleResolution: "Bundler" }, files: docsFiles },
};

let project: string;
let mock: RunningMock;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "nexor-consumer-"));
  // A copy of the project the package tests' global setup installed the tarball into (test/package/installed-project.ts).
  const [mocked] = await Promise.all([prismMock(), cp(inject("installedProject"), project, { recursive: true, verbatimSymlinks: true })]);
  mock = mocked;
  for (const [file, config] of Object.entries({ ...tsconfigs, ...docsConfigs }))
    await writeFile(join(project, file), JSON.stringify(config));
  await Promise.all([mkdir(join(project, "docs")), mkdir(join(project, "examples"))]);
  for (const { file, source } of readmeBlocks) await writeFile(join(project, file), source);
  for (const file of exampleFiles) await copyFile(join(root, "examples", file), join(project, "examples", file));
  await writeFile(join(project, "consumer.ts"), consumer);
  await writeFile(join(project, "consumer.cjs"), commonjs);
}, 120_000);

afterAll(async () => {
  await mock?.close();
  await rm(project, { recursive: true, force: true });
});

// One tsc in build mode for the four configs (the consumer and the docs, each under both resolutions): each config is
// still compiled under its own options (a file that one config rejects is reported, named by its path), but the
// standard library and the package's declarations are read and parsed once for all four, and tsc starts once. Its
// output is every error of any; none prints nothing. Both tests judge this one run, each requiring no error at all.
let compiled: Promise<string> | undefined;
const tscAll = () =>
  (compiled ??= run(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-b", ...Object.keys(tsconfigs), ...Object.keys(docsConfigs)],
    { cwd: project },
  ).then(
    ({ stdout }) => stdout,
    (error: { stdout: string }) => error.stdout,
  ));

describe("the packed package in another project", () => {
  test("installs openapi-fetch as its only runtime dependency", async () => {
    const modules = await readdir(join(project, "node_modules"));
    expect(modules.filter((name) => !name.startsWith(".")).sort()).toEqual(["@nexor", "openapi-fetch", "openapi-typescript-helpers"]);
  });

  test("type-checks a consumer of every entry under nodenext and bundler resolution", async () => {
    expect(await tscAll()).toBe("");
  }, 120_000);

  test("compiles every TypeScript block of the README and every example, strict, under nodenext and bundler", async () => {
    expect(readmeBlocks.length).toBeGreaterThanOrEqual(4);
    expect(exampleFiles.length).toBeGreaterThanOrEqual(4);
    expect(await tscAll()).toBe("");
  }, 120_000);

  test("runs against the Prism mock", async () => {
    const { stdout } = await run(process.execPath, ["consumer.js"], {
      cwd: project,
      env: { ...process.env, NEXOR_API_KEY: "nxr_live_consumer_test", NEXOR_BASE_URL: mock.url },
    });
    // The bundled spec's version is the package's: npm run check:breaking fails when they differ.
    expect(JSON.parse(stdout)).toEqual({
      callStatus: "registered",
      invalid: true,
      lead: true,
      api: 200,
      webhook: false,
      specVersion: version,
    });
  }, 60_000);

  test("is required from CommonJS, with its manifest and spec", async () => {
    const { stdout } = await run(process.execPath, ["consumer.cjs"], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ client: "function", manifest: version, yaml: true });
  });
});
