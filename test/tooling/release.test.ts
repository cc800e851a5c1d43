// The release: its notes come from CHANGELOG.md's section of the version and nothing is published without one, and
// the workflow publishes both packages with provenance only after the version gate and the tests. The workflow itself
// runs on GitHub only; what can be checked here is what it says, step by step and in order. `npm publish --dry-run`
// of both packages is test/package/publish.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { releaseNotes } from "../../scripts/release-notes.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (file: string) => readFileSync(join(root, file), "utf8");

const changelog = `# Changelog

## 1.1.0 (unreleased)

### Features

- next

## 1.0.0 (2026-12-01)

### Features

- **client:** the first stable release

## 0.9.0

## 0.8.0 (2026-10-01)

- older
`;

describe("release notes", () => {
  test("are the version's section of CHANGELOG.md, without its heading", () => {
    expect(releaseNotes(changelog, "1.0.0")).toBe("### Features\n\n- **client:** the first stable release\n");
    expect(releaseNotes(changelog, "0.8.0")).toBe("- older\n");
  });

  test("refuse a version still marked unreleased, one without a section, and an empty section", () => {
    expect(() => releaseNotes(changelog, "1.1.0")).toThrow("still says unreleased");
    expect(() => releaseNotes(changelog, "2.0.0")).toThrow('no "## 2.0.0" section');
    expect(() => releaseNotes(changelog, "0.9.0")).toThrow("is empty");
    // 1.0.0 is not 1.0.01 nor 10.0.0: the version is matched whole.
    expect(() => releaseNotes("## 1.0.01\n\n- x\n", "1.0.0")).toThrow("no");
  });

  test("of this repository's version: refused while CHANGELOG.md says it is unreleased, else its section", () => {
    const { version } = JSON.parse(read("package.json")) as { version: string };
    const heading = read("CHANGELOG.md")
      .split("\n")
      .find((line) => line.startsWith(`## ${version}`));
    expect(heading, `CHANGELOG.md has a section for ${version}`).toBeDefined();
    if (/unreleased/i.test(heading!)) expect(() => releaseNotes(read("CHANGELOG.md"), version)).toThrow("unreleased");
    else expect(releaseNotes(read("CHANGELOG.md"), version).length).toBeGreaterThan(0);
  });
});

describe(".github/workflows/release.yml", () => {
  const workflow = read(".github/workflows/release.yml");
  const at = (text: string) => {
    const index = workflow.indexOf(text);
    expect(index, `release.yml says ${text}`).toBeGreaterThan(-1);
    return index;
  };

  test("runs on a push to main and may sign provenance", () => {
    expect(workflow).toMatch(/on:\n {2}push:\n {4}branches:\n {6}- main\n/);
    at("id-token: write");
    at("contents: write");
  });

  test("publishes both packages with provenance and public access, after the notes, the version gate and the tests", () => {
    const notes = at("node scripts/release-notes.mjs");
    const gate = at("npm run check:breaking");
    const tests = at("npm run contract && npm test");
    const packs = [at("npm pack --pack-destination"), at("node scripts/build-contract-package.mjs --pack-destination")];
    const publish = at("npm publish");
    expect(workflow).toContain("for name in @nexor/api @nexor/contract; do");
    expect(workflow.match(/npm publish "\$tarball" --provenance --access public/g)).toHaveLength(1);
    for (const step of [notes, gate, tests, ...packs]) expect(step).toBeLessThan(publish);
    // Tagged and released only once published, with the CHANGELOG section as the notes.
    expect(at('git tag "v$VERSION"')).toBeGreaterThan(publish);
    expect(at('--notes-file "$RUNNER_TEMP/notes.md"')).toBeGreaterThan(publish);
  });

  test("does nothing twice: a tagged version is not released again, a published package not published again", () => {
    at('git rev-parse -q --verify "refs/tags/v$version"');
    at('npm view "$name@$VERSION" version');
    at("cancel-in-progress: false");
  });
});

describe(".github/workflows/ci.yml", () => {
  test("runs the quick start on Node 20, 22 and 24", () => {
    const ci = read(".github/workflows/ci.yml");
    expect(ci).toContain("node: [20, 22, 24]");
    expect(ci).toContain("- run: npm ci\n      - run: npm run contract\n      - run: npm test");
  });
});
