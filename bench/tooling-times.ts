// Wall-clock times of the project's own tooling, each run as a user runs it.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startPrismMock } from "../contract-tests/support/prism.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Milliseconds taken by generate, check:generated, a Prism mock start-up and the mock contract suite. */
export async function toolingTimes(): Promise<Record<string, number>> {
  const folder = await mkdtemp(join(tmpdir(), "nexor-bench-"));
  try {
    // What `npm run generate` does, into a scratch folder so the bench never rewrites generated/.
    const generate = await timed(() =>
      run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(join(root, "scripts/lib/build-generated.mjs"))}); await m.buildGenerated(${JSON.stringify(folder)});`,
        ],
        { cwd: root },
      ),
    );
    const checkGenerated = await timed(() => run(process.execPath, ["scripts/check-generated.mjs"], { cwd: root }));
    const prismStarts: number[] = [];
    for (let i = 0; i < 5; i++) {
      let close = async () => {};
      prismStarts.push(await timed(async () => ({ close } = await startPrismMock())));
      await close();
    }
    const contractSuite = await timed(() =>
      run(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", "--project", "contract"], {
        cwd: root,
        env: { ...process.env, CI: "true" },
      }),
    );
    return { generate, checkGenerated, prismMockStartup: median(prismStarts), mockContractSuite: contractSuite };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
