// The consumer's path, as documented: @nexor/contract is built and packed once, served by a throwaway npm registry on
// loopback, and the `run:` step of the copy-paste workflow (contract-tests/package/nexor-contract.yml) is run as
// written, with its environment, in an empty folder outside the repo. It must pass a conforming server and fail a
// broken one, with the exit codes the workflow's comment promises.
import { execFile, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect } from "vitest";
import { brokenServers } from "./broken-servers.js";
import { conformingAnswer } from "./conforming-server.js";
import { test } from "./fixtures.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const workflow = await readFile(join(root, "contract-tests/package/nexor-contract.yml"), "utf8");
const toolkit = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
const command = /^\s+- run: (npx .+)$/m.exec(workflow)?.[1] ?? "";
const variables = [...workflow.matchAll(/^\s+(NEXOR_[A-Z_]+): \$\{\{/gm)].map((match) => match[1]!);
const canary = `nxr_live_canary${randomUUID().replaceAll("-", "")}`;

/** An empty folder outside the repo, the packed package on a throwaway registry, and the workflow's run step there. */
interface Consumer {
  runStep(env: Record<string, string>): Promise<{ code: number | null; output: string }>;
}

const consumerTest = test.extend("consumer", async ({ serve }, { onCleanup }): Promise<Consumer> => {
  const folder = await mkdtemp(join(tmpdir(), "nexor-consumer-ci-"));
  onCleanup(() => rm(folder, { recursive: true, force: true }));
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(root, "scripts/build-contract-package.mjs"),
    "--pack-destination",
    folder,
  ]);
  const tarball = await readFile(stdout.trim());
  const version = toolkit.version;
  // Just enough of the npm registry protocol for one package: its packument and its tarball.
  const registry = await serve((request, response) => {
    if (request.path.endsWith(".tgz")) {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(tarball);
      return;
    }
    if (decodeURIComponent(request.path) !== "/@nexor/contract") {
      response.writeHead(404).end("{}");
      return;
    }
    const manifest = { name: "@nexor/contract", version, bin: { "nexor-contract": "bin/nexor-contract.mjs" } };
    const dist = {
      tarball: `${registry.url}/${basename(stdout.trim())}`,
      integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
      shasum: createHash("sha1").update(tarball).digest("hex"),
    };
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ name: "@nexor/contract", "dist-tags": { latest: version }, versions: { [version]: { ...manifest, dist } } }));
  });
  // The workflow's run step in the empty folder, with only PATH, a private npm setup and `env`.
  const runStep: Consumer["runStep"] = (env) =>
    new Promise((resolve, reject) => {
      const child = spawn("sh", ["-c", command], {
        cwd: folder,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: folder,
          npm_config_registry: `${registry.url}/`,
          npm_config_cache: join(folder, ".npm"),
          npm_config_update_notifier: "false",
          npm_config_fund: "false",
          npm_config_audit: "false",
          NO_COLOR: "1",
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
    });
  return { runStep };
});

describe("the consumer workflow", () => {
  test("pins @nexor/contract to this toolkit's release, passes every documented variable, and is the README's", async () => {
    expect(command).toBe(`npx --yes @nexor/contract@${toolkit.version}`);
    expect(await readFile(join(root, "README.md"), "utf8")).toContain(`- run: ${command}\n`);
    expect(variables).toEqual(
      expect.arrayContaining([
        "NEXOR_API_KEY",
        "NEXOR_BASE_URL",
        "NEXOR_LEAD_ID",
        "NEXOR_LIVE_SEND",
        "NEXOR_LIVE_WRITE",
        "NEXOR_CONTRACT_TIMEOUT_MS",
      ]),
    );
  });

  consumerTest(
    "passes a conforming server and fails a broken one, naming the check, never printing the key",
    async ({ answering, consumer }) => {
      // One operation: the package is what is on trial here; every operation's plan is proven in checks-can-fail.
      const settings = {
        NEXOR_API_KEY: canary,
        NEXOR_CONTRACT_CASES: "1",
        NEXOR_CONTRACT_SEED: "5",
        NEXOR_CONTRACT_OPERATIONS: "sendMessage",
      };
      const good = await answering(conformingAnswer(canary));
      const passed = await consumer.runStep({ ...settings, NEXOR_BASE_URL: good.url });
      expect(passed.code, passed.output).toBe(0);
      expect(passed.output).toContain("cases passed, 0 failed, 0 not run");

      const broken = brokenServers.find((server) => server.breaks === "a 401 with the wrong body shape")!;
      const bad = await answering(broken.answer(canary));
      const failed = await consumer.runStep({ ...settings, NEXOR_BASE_URL: bad.url });
      expect(failed.code, failed.output).toBe(1);
      expect(failed.output).toContain("response_schema_conformance: ");
      // That server echoes the key it is sent: for the invalid-key case, a random one shaped like a real key.
      const echoed = bad.calls
        .map((call) => call.headers["x-api-key"])
        .filter((key) => key && key !== canary && bad.calls.some((other) => other.reply.body.includes(key)));
      expect(echoed.length).toBeGreaterThan(0);
      for (const key of [canary, ...echoed]) expect(`${passed.output}${failed.output}`).not.toContain(key);
    },
    60_000,
  );
});
