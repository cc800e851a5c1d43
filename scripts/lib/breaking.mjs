// The breaking-change gate's parts: bundle the spec as it was at a git ref and as it is in the working tree, let
// `redocly diff` rate every change by the semver bump it needs (major = breaks a consumer: a response field removed,
// a request field newly required, an accepted value narrowed), and judge the result against info.version.
// scripts/check-breaking.mjs is the command; test/tooling/check-breaking.test.ts calls these directly.
import { execFile, spawn } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { generatedDir, root, specHash } from "./build-generated.mjs";

const run = promisify(execFile);
const redocly = join(root, "node_modules/@redocly/cli/bin/cli.js");
/** The files that make up the spec; anything else in the tree does not change the bundle. */
const SPEC_PATHS = ["openapi.yaml", "redocly.yaml", "spec"];

const git = async (...args) => (await run("git", args, { cwd: root })).stdout.trim();

/**
 * The default base: the merge-base of HEAD with `main` (or `origin/main`, as a CI checkout names it), so that a
 * branch is judged against what it forked from. Without either ref there is nothing to compare with but the last
 * commit: HEAD, which still catches a breaking edit not yet committed.
 */
export async function defaultBase() {
  for (const branch of ["main", "origin/main"]) {
    const exists = await git("rev-parse", "--verify", "--quiet", `${branch}^{commit}`).catch(() => "");
    if (exists) return { ref: await git("merge-base", "HEAD", branch), label: `the merge-base of HEAD and ${branch}` };
  }
  return { ref: "HEAD", label: "HEAD (no main or origin/main ref here, so the last commit)" };
}

/** Resolves a ref to its commit, or throws a readable error. */
export async function resolveRef(ref) {
  return git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`).catch(() => {
    throw new Error(`${ref} is not a commit in this repository.`);
  });
}

/** Writes the spec files as they were at `commit` into `dir` (git archive | tar), and returns `dir/openapi.yaml`. */
export async function extractSpec(commit, dir) {
  const present = (await git("ls-tree", "--name-only", commit, "--", ...SPEC_PATHS)).split("\n").filter(Boolean);
  if (!present.includes("openapi.yaml")) throw new Error(`${commit.slice(0, 12)} has no openapi.yaml to compare with.`);
  await mkdir(dir, { recursive: true });
  await new Promise((resolve, reject) => {
    const archive = spawn("git", ["archive", "--format=tar", commit, "--", ...present], { cwd: root });
    const tar = spawn("tar", ["-x", "-C", dir]);
    archive.stdout.pipe(tar.stdin);
    let failed = "";
    archive.stderr.on("data", (chunk) => {
      failed += chunk;
    });
    archive.on("error", reject);
    tar.on("error", reject);
    tar.on("close", (code) => (code === 0 && !failed ? resolve() : reject(new Error(`git archive | tar failed: ${failed || code}`))));
  });
  return join(dir, "openapi.yaml");
}

/**
 * Whether the working tree's spec files are byte for byte those of `commit`: no tracked spec file differs and none is
 * untracked. On a clean checkout of the base itself (a CI run on main) there is then nothing for redocly to compare.
 * A file the person told git not to look at (update-index --assume-unchanged or --skip-worktree) is not seen here.
 */
export async function specUnchanged(commit) {
  const differs = await run("git", ["diff", "--quiet", commit, "--", ...SPEC_PATHS], { cwd: root }).then(
    () => false,
    () => true,
  );
  if (differs) return false;
  return (await git("ls-files", "--others", "--exclude-standard", "--", ...SPEC_PATHS)) === "";
}

/**
 * The contract version of the spec `files` (as specFiles() reads them) without bundling them: generated/manifest.json
 * records the info.version of the bundle it was made from and the SHA-256 of the spec files that bundle came from,
 * and a bundler copies info.version, it does not compute it. Undefined when the files hash otherwise, or the manifest
 * is missing or not JSON (a merge conflict in it): then only a bundle tells.
 */
export async function recordedVersion(files, manifestPath = join(generatedDir, "manifest.json")) {
  let manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch {
    return undefined;
  }
  return manifest?.sha256 === specHash(files) && typeof manifest.contractVersion === "string" ? manifest.contractVersion : undefined;
}

/** Bundles the spec whose root is `specPath` into `outPath` with the project's Redocly, from the spec's own folder. */
export async function bundle(specPath, outPath) {
  await run(process.execPath, [redocly, "bundle", specPath, "-o", outPath], { cwd: join(specPath, "..") });
  return outPath;
}

/** `redocly diff`'s JSON report of `head` against `base` (two bundled documents). */
export async function diffBundles(basePath, headPath, reportPath) {
  await run(process.execPath, [redocly, "diff", basePath, headPath, "--format", "json", "-o", reportPath, "--fail-on", "none"], {
    cwd: root,
  });
  return JSON.parse(await readFile(reportPath, "utf8"));
}

const major = (version) => Number(/^(\d+)\./.exec(version ?? "")?.[1] ?? Number.NaN);

/** A change's place, readable: `POST /messages responses/200/…/properties/call_id`. */
export function describeLocation(change) {
  const pointer = change.path.replace(/^#\//, "");
  const parts = pointer.split("/").map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  const where =
    parts[0] === "paths" && parts.length >= 3
      ? `${parts[2].toUpperCase()} ${parts[1]}${parts.length > 3 ? ` ${parts.slice(3).join("/")}` : ""}`
      : parts[0] === "webhooks" && parts.length >= 2
        ? `webhook ${parts[1]}${parts.length > 3 ? ` ${parts.slice(3).join("/")}` : ""}`
        : parts.join("/");
  return change.property ? `${where} (${change.property})` : where;
}

/**
 * The gate's verdict on a diff report: it fails on a breaking (major) change unless info.version's major was bumped,
 * and whenever package.json's version is not info.version. Returns whether it passes and the report's lines.
 */
export function judge({ report, base, head, packageVersion }) {
  const summary = report.summary ?? { major: 0, minor: 0, patch: 0 };
  const breaking = (report.changes ?? []).filter((change) => change.impact === "major");
  const lines = [
    `check:breaking: ${base.label} (contract ${base.version}) → ${head.label} (contract ${head.version}, package ${packageVersion})`,
    report.unchanged
      ? "  the spec files are those of the base, byte for byte: no change to rate"
      : `  ${summary.major} breaking · ${summary.minor} additive · ${summary.patch} patch (as redocly diff rates them)`,
  ];
  if (breaking.length > 0) {
    lines.push("  Breaking changes:");
    for (const change of breaking) {
      const verdicts = change.verdicts?.length ? change.verdicts : [{ ruleId: change.kind, message: `${change.kind}.` }];
      for (const verdict of verdicts) lines.push(`    ${verdict.message} (${verdict.ruleId})`);
      // Where it is written (a shared component, often), and the first operation the diff reached it from.
      const written = change.revision?.pointer ?? change.base?.pointer;
      lines.push(`      ${written ? `${written}, reached from ` : "at "}${describeLocation(change)}`);
    }
  }
  const problems = [];
  if (packageVersion !== head.version) {
    problems.push(
      `package.json's version (${packageVersion}) is not info.version (${head.version}): the package follows the contract, so set both to the same.`,
    );
  }
  const bumped = major(head.version) > major(base.version);
  if (breaking.length > 0 && !bumped) {
    problems.push(
      `${breaking.length} breaking change${breaking.length === 1 ? "" : "s"} while info.version's major stays ${major(head.version)} (${base.version} → ${head.version}): undo ${breaking.length === 1 ? "it" : "them"}, or bump the major version after a release that deprecates the old form (README, "Versioning").`,
    );
  }
  if (problems.length > 0) for (const problem of problems) lines.push(`  ✘ ${problem}`);
  else if (breaking.length > 0) lines.push(`  ✔ breaking, and the major version was bumped (${base.version} → ${head.version}).`);
  else lines.push("  ✔ no breaking change.");
  return { ok: problems.length === 0, lines };
}
