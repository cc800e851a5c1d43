// `npm test`: every check of the project, the independent ones side by side, so that the slowest stage and not the
// sum sets the time. A stage's output is printed whole when it ends; the last line counts the tests of every vitest
// run, and the exit code is non-zero when any stage failed.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./lib/build-generated.mjs";

const bin = (name) => join(root, "node_modules/.bin", name);
const reports = await mkdtemp(join(tmpdir(), "nexor-test-"));
const started = performance.now();

/** Runs one command; resolves with its exit code and everything it printed, never rejects. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env, FORCE_COLOR: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A vitest run whose counts land in a JSON report. */
const vitest = (name, projects, env = {}, options = []) => [
  process.execPath,
  [
    join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    ...options,
    ...projects.flatMap((project) => ["--project", project]),
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${join(reports, `${name}.json`)}`,
  ],
  env,
];

/** A stage: its commands run one after another, and stop at the first that fails. A step may be a command already
 * started (a promise of its result), which several stages wait on, or a function that starts one when its turn comes. */
async function stage(name, commands) {
  const began = performance.now();
  let output = "";
  for (const step of commands) {
    const result = await (Array.isArray(step) ? run(...step) : typeof step === "function" ? step() : step);
    output += result.output;
    if (result.code !== 0) return { name, ok: false, output, seconds: (performance.now() - began) / 1000 };
  }
  return { name, ok: true, output, seconds: (performance.now() - began) / 1000 };
}

// `redocly lint` and `npm run check:generated` are not run on their own here: the tests run each on the same input
// and judge it at least as strictly. test/tooling/lint-rules.test.ts lints a copy of openapi.yaml and spec/ with this
// redocly.yaml and requires no problem at all, of any severity; test/tooling/check-generated.test.ts generates every
// file of generated/ afresh and requires no stale, missing or extra file, the very comparison check-generated.mjs
// makes. Running them again would compile and lint the whole spec twice. (`npm run contract` runs both commands.)
// @nexor/contract, the contract suite's command for other repos, built and packed once: the self-check runs it as a
// consumer's CI does (its workflow, the hostile servers) and the package tests dry-run its publish. The tests stage
// prints what its build printed; the package stage only says that it could not go on without it.
const contractPack = join(reports, "contract");
const contractPacked = run(process.execPath, ["scripts/build-contract-package.mjs", "--pack-destination", contractPack]);
const contractReady = contractPacked.then(({ code }) => ({
  code,
  output: code === 0 ? "" : "@nexor/contract could not be built: see the tests stage.\n",
}));
const packed = { NEXOR_CONTRACT_PACK_DIR: contractPack };

// One Prism mock for the whole run, `npm run mock`'s own command on a free port: the contract project, the unit tests
// that call the mock and the package's consumer test all take it from NEXOR_TEST_MOCK_URL instead of each starting
// one, since starting one costs about 1.6 s of CPU (Prism's modules and the spec) in every process that does. If it
// has not started within a minute, the variable is set empty, each suite starts its own, and the summary shows what
// the mock printed. It is stopped at the end.
const mock = spawn(process.execPath, ["--import", "tsx/esm", "contract-tests/cli/mock.ts", "--port", "0"], {
  cwd: root,
  env: { ...process.env, FORCE_COLOR: "0" },
  stdio: ["ignore", "pipe", "pipe"],
});
let mockPrinted = "";
const mockEnv = new Promise((resolve) => {
  mock.stdout.on("data", (chunk) => {
    mockPrinted += chunk;
    const url = mockPrinted.match(/ on (http:\/\/127\.0\.0\.1:\d+) \(Ctrl-C stops it\)/)?.[1];
    if (url) resolve({ NEXOR_TEST_MOCK_URL: url });
  });
  mock.stderr.on("data", (chunk) => {
    mockPrinted += chunk;
  });
  // Set empty rather than left out, so that a value in the caller's environment is not taken for this run's mock.
  const none = { NEXOR_TEST_MOCK_URL: "" };
  mock.on("close", () => resolve(none));
  mock.on("error", (error) => {
    mockPrinted += `${error.message}\n`;
    resolve(none);
  });
  setTimeout(() => resolve(none), 60_000).unref();
});
const mockStopped = new Promise((resolve) => mock.on("close", resolve));

const stages = await Promise.all([
  stage("format and breaking changes", [
    [bin("biome"), ["ci", "."]],
    [process.execPath, ["scripts/check-breaking.mjs"]],
  ]),
  // Incremental: tsc keeps what it learnt of each file in node_modules/.cache and checks again only the files whose
  // text, or whose dependencies' types, changed since the last run; its diagnostics are those of a full check. A first
  // run (a fresh clone) checks everything.
  stage("types", [
    [bin("tsc"), ["--noEmit", "--incremental", "--tsBuildInfoFile", join(root, "node_modules/.cache/nexor-types/tsbuildinfo")]],
  ]),
  // Two workers: most test files wait on sockets and child processes, so two overlap well even on two cores. The unit,
  // contract and self-check projects run as the one project "tests" (vitest.config.ts says why).
  stage("tests", [
    contractPacked,
    async () => run(...vitest("tests", ["tests", "load"], { ...packed, ...(await mockEnv), NEXOR_TEST_ONE_POOL: "1" }, ["--maxWorkers=2"])),
  ]),
  stage("package", [
    [process.execPath, ["scripts/pack.mjs"]],
    contractReady,
    async () => run(...vitest("package", ["package"], { ...packed, NEXOR_PACK_DIR: join(root, ".pack"), ...(await mockEnv) })),
  ]),
]);
mock.kill("SIGTERM");
await mockStopped;

const counts = { passed: 0, failed: 0, skipped: 0 };
for (const name of ["tests", "package"]) {
  const report = JSON.parse(await readFile(join(reports, `${name}.json`), "utf8").catch(() => "{}"));
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += report.numFailedTests ?? 0;
  counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
await rm(reports, { recursive: true, force: true });

for (const { name, ok, output, seconds } of stages) {
  console.log(`\n── ${name}: ${ok ? "ok" : "FAILED"} in ${seconds.toFixed(1)} s ──\n${output.trimEnd()}`);
}
if (!(await mockEnv).NEXOR_TEST_MOCK_URL) {
  console.log(`\nThe shared Prism mock did not start, so each suite started its own. It printed:\n${mockPrinted.trimEnd()}`);
}
const failed = stages.filter((result) => !result.ok).map((result) => result.name);
console.log(
  `\nnpm test: ${failed.length ? `FAILED (${failed.join(", ")})` : "every stage passed"} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`vitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exitCode = failed.length ? 1 : 0;
