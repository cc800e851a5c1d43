// The CI entry points agree with the runner: --help lists every variable and option, --version prints the version
// and sends nothing, an unknown option is one line and exit 2, and both shipped workflows pass every documented
// variable with a timeout derived from the runner's own bound, write every report, and upload the drift list and the
// reports as artifacts.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, test } from "vitest";
import toolkit from "../../package.json" with { type: "json" };
import { OptionsError, parseOptions, reportFormats } from "../cli/options.js";
import { runBound } from "../cli/run-live.js";
import { child, parseBlockYaml } from "../support/drift/block-yaml.js";
import { readLiveTarget } from "../support/settings.js";
import { startEchoServer } from "./hostile-servers.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

// The command as another repo's CI starts it: the bin of the packed @nexor/contract, which esbuild bundled from
// contract-tests/cli/nexor-contract.ts (the file `npm run contract:live` runs) for this very test run, started by
// node as npx starts it. Same source, same options, same lines; without tsx compiling it again in every child.
function command(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [inject("contractBin"), ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? "", ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// The variables of the README's table in "Contract tests", in its order.
async function documentedVariables(): Promise<string[]> {
  const readme = await readFile(`${root}README.md`, "utf8");
  return [...readme.matchAll(/^\| `(NEXOR_[A-Z_]+)` \| (live|both)/gm)].map((match) => match[1]!);
}

describe("the command line", () => {
  test("--help lists every documented variable and every option, and sends nothing", async () => {
    const variables = await documentedVariables();
    expect(variables).toContain("NEXOR_CONTRACT_OPERATIONS");
    const { code, stdout } = await command(["--help"]);
    expect(code).toBe(0);
    for (const name of [...variables, "GITHUB_STEP_SUMMARY"]) expect(stdout).toMatch(new RegExp(`^ {2}${name} `, "m"));
    for (const option of [
      "--report FORMAT=PATH",
      "--replay PATH",
      "--fail-on-missing-coverage",
      "--fail-on-drift",
      "--version",
      "--help",
    ]) {
      expect(stdout).toContain(`  ${option}`);
    }
    for (const format of ["junit", "markdown", "ndjson", "har", "drift"]) expect(stdout).toContain(format);
  });

  test("--version prints the version and starts no run", async () => {
    const server = await startEchoServer();
    try {
      const { code, stdout } = await command(["--version"], { NEXOR_API_KEY: "nxr_live_version", NEXOR_BASE_URL: server.url });
      expect(code).toBe(0);
      expect(stdout).toBe(`${toolkit.version}\n`);
      expect(server.requests()).toBe(0);
    } finally {
      await server.close();
    }
  });

  test("an unknown option, or a report without a path, is one line and exit 2", async () => {
    const { code, stdout, stderr } = await command(["--reprot", "junit=x.xml"], { NEXOR_API_KEY: "nxr_live_options" });
    expect(code).toBe(2);
    expect(stdout.trim().split("\n")).toEqual([expect.stringMatching(/^contract: cannot start: unknown option "--reprot"/)]);
    expect(stderr).toBe("");
    for (const args of [["--report", "junit"], ["--report", "pdf=x.pdf"], ["--replay"]]) {
      expect(() => parseOptions(args)).toThrow(OptionsError);
    }
    expect(parseOptions(["--report", "junit=a.xml", "--report=ndjson=b.ndjson", "--fail-on-missing-coverage"])).toEqual({
      help: false,
      version: false,
      reports: [
        { format: "junit", path: "a.xml" },
        { format: "ndjson", path: "b.ndjson" },
      ],
      failOnMissingCoverage: true,
      failOnDrift: false,
    });
  });
});

describe("the shipped workflows", () => {
  // Every opt-in, and the default case count and timeout: the longest run a workflow's variables can ask for
  // without changing NEXOR_CONTRACT_CASES or NEXOR_CONTRACT_TIMEOUT_MS.
  const longest = readLiveTarget({
    NEXOR_API_KEY: "nxr_live_bound",
    NEXOR_LEAD_ID: "11111111-2222-4333-8444-555555555555",
    NEXOR_WORKFLOW_ID: "21111111-2222-4333-8444-555555555555",
    NEXOR_TEMPLATE_ID: "31111111-2222-4333-8444-555555555555",
    NEXOR_LIVE_SEND: "whatsapp,email,call",
    NEXOR_LIVE_WRITE: "tags,processors,leads",
    NEXOR_CONTRACT_SEED: "1",
  });

  test.each(["contract-tests/package/nexor-contract.yml", ".github/workflows/contract.yml"])(
    "%s passes every documented variable, and its timeout is the runner's bound plus 5 minutes of setup",
    async (file) => {
      const workflow = await readFile(`${root}${file}`, "utf8");
      const passed = [...workflow.matchAll(/^\s+(NEXOR_[A-Z_]+): \$\{\{ (vars|secrets)\.([A-Z_]+) \}\}$/gm)];
      expect(passed.map((match) => match[1])).toEqual(await documentedVariables());
      for (const [, name, kind, source] of passed) {
        expect(source).toBe(name);
        expect(kind).toBe(name === "NEXOR_API_KEY" ? "secrets" : "vars");
      }
      const { requests, bound } = runBound(longest);
      const minutes = Math.ceil(bound / 60) + 5;
      expect(Number(/timeout-minutes: (\d+)/.exec(workflow)?.[1])).toBe(minutes);
      // The comment beside it states the same figures.
      expect(workflow).toContain(`at most ${requests} requests`);
      expect(workflow).toContain(`within ${bound} s (${Math.ceil(bound / 60)} min)`);
    },
  );

  test.each(["contract-tests/package/nexor-contract.yml", ".github/workflows/contract.yml"])(
    "%s writes every report, publishes the drift list and uploads the reports even when the run fails",
    async (file) => {
      const text = await readFile(`${root}${file}`, "utf8");
      const lines = text.split("\n");
      const jobs = child(parseBlockYaml(text), "jobs");
      const job = jobs?.kind === "map" ? jobs.entries[0]!.value : undefined;
      const steps = job && child(job, "steps");
      if (steps?.kind !== "seq") throw new Error(`${file} has no steps`);
      // Each step's keys with their values as written (a folded `>-` command with its lines joined).
      const values = steps.items.map((step) =>
        Object.fromEntries(
          (step.kind === "map" ? step.entries : []).map((entry) => [
            entry.key,
            lines
              .slice(entry.line, entry.last + 1)
              .join(" ")
              .replace(/^\s*-?\s*[\w-]+:\s*(>-)?/, "")
              .replace(/\s+/g, " ")
              .trim(),
          ]),
        ),
      );
      const contract = values.findIndex((step) => /nexor\/contract@|contract:live/.test(step.run ?? ""));
      const written = new Map([...(values[contract]?.run ?? "").matchAll(/--report (\w+)=(\S+)/g)].map((match) => [match[1], match[2]]));
      expect([...written.keys()].sort()).toEqual([...reportFormats].sort());
      // The folder exists before the run: a report that cannot be written stops the run before it starts.
      expect(values.slice(0, contract).some((step) => step.run === "mkdir -p reports")).toBe(true);
      for (const path of written.values()) expect(path).toMatch(/^reports\//);
      const uploads = values.slice(contract + 1).filter((step) => step.uses?.startsWith("actions/upload-artifact@"));
      for (const upload of uploads) expect(upload.if).toBe(`\${{ !cancelled() }}`);
      const uploaded = uploads.map((upload) => {
        const withNode = steps.items[values.indexOf(upload)]!;
        const withMap = child(withNode, "with");
        const path = withMap && child(withMap, "path");
        return path?.kind === "scalar" ? path.text : "";
      });
      expect(uploaded).toContain(written.get("drift"));
      expect(uploaded).toContain("reports/");
    },
  );
});
