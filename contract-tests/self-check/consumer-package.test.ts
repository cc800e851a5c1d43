// The consumer's path, as documented: @nexor/contract, built and packed once for the self-check, is served by a throwaway npm registry on
// loopback, and the `run:` steps of the copy-paste workflow (contract-tests/package/nexor-contract.yml) are run as
// written, in order, with its environment, in an empty folder outside the repo. Against the simulator (a Nexor written from the
// docs, not from this contract) it must go green with every opt-in, as a consumer's CI dry run does, writing only what
// was opted into and leaving the account as it found it, and fail the simulator broken on purpose, with the exit codes
// the workflow's comment promises. That green run is also simulator-live.test.ts's every-opt-in run in the body-first
// order (the simulator's default), judged the same way (left-as-found.ts).
import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject } from "vitest";
import { startSimulator } from "../../simulator/index.js";
import { liveEnvironment } from "../support/simulator-judge.js";
import { test } from "./fixtures.js";
import { expectLeftAsFound } from "./left-as-found.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const workflow = await readFile(join(root, "contract-tests/package/nexor-contract.yml"), "utf8");
const toolkit = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
// Each `run:` step's command, a folded one (`>-`) with its lines joined; the command line of @nexor/contract among them.
const runSteps = [...workflow.matchAll(/^\s+- run: (?:>-\n((?:\s{10}.+\n)+)|(.+)\n)/gm)].map((match) =>
  (match[1] ?? match[2]!).trim().replace(/\s+/g, " "),
);
const command = runSteps.find((step) => step.startsWith("npx ")) ?? "";
const variables = [...workflow.matchAll(/^\s+(NEXOR_[A-Z_]+): \$\{\{/gm)].map((match) => match[1]!);
const canary = `nxr_live_canary${randomUUID().replaceAll("-", "")}`;

/** An empty folder outside the repo, the packed package on a throwaway registry, and the workflow's run step there. */
interface Consumer {
  /** The empty folder the steps run in. */
  folder: string;
  runStep(env: Record<string, string>): Promise<{ code: number | null; output: string }>;
}

const consumerTest = test.extend("consumer", async ({ serve }, { onCleanup }): Promise<Consumer> => {
  const folder = await mkdtemp(join(tmpdir(), "nexor-consumer-ci-"));
  onCleanup(() => rm(folder, { recursive: true, force: true }));
  // Built and packed once for the self-check by its global setup (contract-tests/setup/contract-package.ts).
  const packed = inject("contractTarball");
  const tarball = await readFile(packed);
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
      tarball: `${registry.url}/${basename(packed)}`,
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
      const child = spawn("sh", ["-c", runSteps.join(" && ")], {
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
  return { folder, runStep };
});

describe("the consumer workflow", () => {
  test("pins @nexor/contract to this toolkit's release, passes every documented variable, and is the README's", async () => {
    expect(command.startsWith(`npx --yes @nexor/contract@${toolkit.version} `)).toBe(true);
    expect(runSteps).toEqual(["mkdir -p reports", command]);
    const readme = (await readFile(join(root, "README.md"), "utf8")).replace(/\n\s+--report/g, " --report");
    expect(readme).toContain(`- run: mkdir -p reports\n- run: >-\n    ${command}\n`);
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
    "goes green against the simulator with every opt-in, fails it broken, naming the check, never printing the key",
    async ({ consumer }) => {
      const good = await startSimulator({ apiKey: canary });
      try {
        const before = good.state();
        // Every operation, every write and send: the dry run a consumer makes of its CI wiring.
        const passed = await consumer.runStep({ ...liveEnvironment(good, 5, "all"), NEXOR_CONTRACT_CASES: "1" });
        expect(passed.code, passed.output).toBe(0);
        expect(passed.output).toContain("cases passed, 0 failed, 0 not run");
        expect(passed.output).not.toContain(canary);
        // Every promise kept, no answer drifting from the spec, each round trip done, and the account left as found.
        expect(passed.output).not.toContain("Drift:");
        for (const trip of ["tags", "processors", "leads"]) expect(passed.output).toContain(`✓ ${trip} round trip`);
        expectLeftAsFound({ writes: good.writes, before, after: good.state(), seed: good.seed });
        // The drift list the workflow uploads: the simulator and the contract agree, and the list says so.
        expect(await readFile(join(consumer.folder, "reports/drift.md"), "utf8")).toContain("None: every answer was declared by the spec.");
      } finally {
        await good.close();
      }

      // It echoes the key it is sent in a 401 body: for the invalid-key case, a random one shaped like a real key.
      const bad = await startSimulator({ apiKey: canary, breaks: ["wrong-401-shape"] });
      try {
        const failed = await consumer.runStep({
          ...liveEnvironment(bad, 5, "none"),
          NEXOR_CONTRACT_CASES: "1",
          NEXOR_CONTRACT_OPERATIONS: "sendMessage",
        });
        expect(failed.code, failed.output).toBe(1);
        expect(failed.output).toContain("response_schema_conformance: ");
        // The invalid-key case's echo folds into the missing-key case's report ("1 more case broke it the same way");
        // that the echoed key is redacted where it is printed whole is proven by simulator-modes.test.ts's NDJSON.
        expect(failed.output).toContain('"key":null');
        expect(failed.output).toMatch(/repeats {3}1 more case broke it the same way/);
        expect(failed.output).not.toContain(canary);
        expect(failed.output).not.toMatch(/nxr_live_[0-9a-f]/);
      } finally {
        await bad.close();
      }
    },
    90_000,
  );
});
