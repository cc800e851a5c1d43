// Proves the drift check can fail: it runs scripts/check-generated.mjs on a copy of the project whose spec (the root or
// a file under spec/) or generated/ folder has been changed, and expects a non-zero exit naming each stale, missing or
// extra file.
import { execFile } from "node:child_process";
import { appendFile, cp, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const copies: string[] = [];
afterAll(() => Promise.all(copies.map((folder) => rm(folder, { recursive: true, force: true }))));

async function projectCopy(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "nexor-drift-"));
  copies.push(folder);
  for (const entry of ["openapi.yaml", "spec", "redocly.yaml", "scripts", "generated"]) {
    await cp(join(root, entry), join(folder, entry), { recursive: true });
  }
  await symlink(join(root, "node_modules"), join(folder, "node_modules"), "dir");
  return folder;
}

async function checkGenerated(folder: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["scripts/check-generated.mjs"], { cwd: folder });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

describe("npm run check:generated", () => {
  test("passes on an unchanged copy", async () => {
    const { code, output } = await checkGenerated(await projectCopy());
    expect(output).toContain("up to date");
    expect(code).toBe(0);
  });

  test.concurrent.each(["openapi.yaml", "spec/paths/messages.yaml"])(
    "fails when %s changed and generated/ was not regenerated",
    async (file) => {
      const folder = await projectCopy();
      await appendFile(join(folder, file), "# an edit\n");
      const { code, output } = await checkGenerated(folder);
      expect(code).toBe(1);
      expect(output).toContain("stale:   generated/manifest.json");
    },
  );

  test("fails on a hand edit, a missing file and an extra file", async () => {
    const folder = await projectCopy();
    await appendFile(join(folder, "generated/openapi.d.ts"), "// hand edit\n");
    await rm(join(folder, "generated/README.md"));
    await writeFile(join(folder, "generated/leftover.js"), "");
    const { code, output } = await checkGenerated(folder);
    expect(code).toBe(1);
    expect(output).toContain("stale:   generated/openapi.d.ts");
    expect(output).toContain("missing: generated/README.md");
    expect(output).toContain("extra:   generated/leftover.js");
  });
});
