// The scripts in examples/ run against the Prism mock, each its own Node process importing "@nexor/api" as a user's
// script does (bundled first with esbuild, which maps the package to src/ and compiles them in milliseconds, where
// tsx takes a second or more per script): each ends with exit code 0 and prints what it did. The webhook receiver
// gets the spec's deliveries, one twice, and a body that is not a delivery.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe } from "vitest";
import { resolveRef, spec } from "../contract-tests/support/spec.js";
import { test } from "./support/fixtures.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const names = ["send-template", "lead-history", "meeting-no-show", "webhook-receiver"];
let compiled: string;

beforeAll(async () => {
  compiled = await mkdtemp(join(tmpdir(), "nexor-examples-"));
  await build({
    entryPoints: Object.fromEntries(names.map((name) => [name, join(root, "examples", `${name}.ts`)])),
    outdir: compiled,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    alias: { "@nexor/api/webhooks": join(root, "src/webhooks.ts"), "@nexor/api": join(root, "src/index.ts") },
    logLevel: "silent",
  });
});
afterAll(() => rm(compiled, { recursive: true, force: true }));

/** Starts an example with the mock as its base URL; `output` fills as it prints. */
function start(name: string, baseUrl: string): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [join(compiled, `${name}.mjs`)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NEXOR_API_KEY: "nxr_live_examples_test", NEXOR_BASE_URL: baseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
  return { child, output: () => output, exit };
}

type Delivery = { value: { event_id: string } };
const webhooks = (
  spec as unknown as { webhooks: Record<string, { post: { requestBody: { content: Record<string, { examples: object }> } } }> }
).webhooks;
const deliveries = Object.values(webhooks).flatMap((item) =>
  Object.values(item.post.requestBody.content["application/json"]!.examples).map((example) => resolveRef<Delivery>(example).value),
);

// The first test of the file waits for the file's Prism mock to start (seconds, for the whole spec).
describe.concurrent("examples against the mock", { timeout: 20_000 }, () => {
  test.for<[string, RegExp]>([
    ["send-template", /^Sent template meeting_global_with_name to lead [0-9a-f-]{36}: WhatsApp message wamid\./m],
    ["lead-history", /^\d+ items in all$/m],
    ["meeting-no-show", /^Meeting [0-9a-f-]{36} is now no_show$/m],
  ])("%s runs to the end", async ([name, printed], { mock, expect }) => {
    const run = start(name, mock.url);
    const code = await run.exit;
    expect(run.output()).toMatch(printed);
    expect(code, run.output()).toBe(0);
  });

  test("webhook-receiver acknowledges each delivery, acts on each event once, and refuses what is not a delivery", async ({
    mock,
    expect,
  }) => {
    const receiver = start("webhook-receiver", mock.url);
    try {
      await expect.poll(() => receiver.output(), { timeout: 4_000 }).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      const url = receiver.output().match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)![1]!;
      const post = (body: unknown) => fetch(url, { method: "POST", body: JSON.stringify(body) }).then((response) => response.status);
      for (const delivery of deliveries) expect(await post(delivery)).toBe(204);
      expect(await post(deliveries[0])).toBe(204);
      expect(await post("not a delivery")).toBe(400);
      await expect.poll(() => receiver.output()).toMatch(/^duplicate /m);
      expect(receiver.output().match(/^duplicate /gm)).toHaveLength(1);
      expect(receiver.output()).toMatch(/^meeting\.scheduled: .+ at .+$/m);
    } finally {
      receiver.child.kill("SIGTERM");
      await receiver.exit;
    }
  });
});
