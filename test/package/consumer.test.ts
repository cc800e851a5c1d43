// The package as another repo gets it: the packed tarball installed into an empty project, a consumer that imports
// the client and the types-only entry type-checked, and run against the Prism mock. `npm test` packs once
// (scripts/pack.mjs) and names the folder of the tarball in NEXOR_PACK_DIR; run alone, this file packs it itself.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningMock, startPrismMock } from "../../contract-tests/support/prism.js";
import { pack } from "../../scripts/pack.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const consumer = `
import { readFileSync } from "node:fs";
import { createNexorClient, NexorError, RequestValidationError, type MessageSent } from "@nexor/api";
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
const yaml = readFileSync(new URL(import.meta.resolve("@nexor/api/openapi.yaml")), "utf8");
console.log(JSON.stringify({
  callStatus: sent.call_status,
  invalid: invalid instanceof RequestValidationError && invalid instanceof NexorError,
  specVersion: spec.info.version,
  yaml: yaml.startsWith("openapi: 3.1"),
}));
`;

let project: string;
let mock: RunningMock;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "nexor-consumer-"));
  const packed = process.env.NEXOR_PACK_DIR;
  const found = packed && (await readdir(packed)).find((file) => file.endsWith(".tgz"));
  const tarball = found ? join(packed, found) : await pack(join(project, ".pack"));
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await writeFile(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        resolveJsonModule: true,
        types: ["node"],
        typeRoots: [join(root, "node_modules/@types")],
        skipLibCheck: false,
      },
      files: ["consumer.ts"],
    }),
  );
  await writeFile(join(project, "consumer.ts"), consumer);
  // The only runtime dependency, openapi-fetch, comes from npm's cache that `npm ci` filled.
  await run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: project });
  mock = await startPrismMock();
}, 120_000);

afterAll(async () => {
  await mock?.close();
  await rm(project, { recursive: true, force: true });
});

describe("the packed package in another project", () => {
  test("installs openapi-fetch as its only runtime dependency", async () => {
    const modules = await readdir(join(project, "node_modules"));
    expect(modules.filter((name) => !name.startsWith(".")).sort()).toEqual(["@nexor", "openapi-fetch", "openapi-typescript-helpers"]);
  });

  test("type-checks a consumer of the client and the types-only entry", async () => {
    const { stdout } = await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", project], { cwd: project }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    expect(stdout).toBe("");
  }, 60_000);

  test("runs against the Prism mock", async () => {
    const { stdout } = await run(process.execPath, ["consumer.js"], {
      cwd: project,
      env: { ...process.env, NEXOR_API_KEY: "nxr_live_consumer_test", NEXOR_BASE_URL: mock.url },
    });
    // The bundled spec's version is the package's: npm run check:breaking fails when they differ.
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(JSON.parse(stdout)).toEqual({ callStatus: "registered", invalid: true, specVersion: version, yaml: true });
  }, 60_000);
});
