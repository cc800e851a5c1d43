// `npm run docs` builds the API reference: one offline HTML page whose embedded definition (what Redoc renders in the
// browser) holds every operation and webhook of the bundled spec, and whose pre-rendered menu lists every tag.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { spec } from "../../contract-tests/support/spec.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
let folder: string;
let html: string;
let rendered: { paths: Record<string, Record<string, { operationId?: string }>>; webhooks: Record<string, unknown> };

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "nexor-docs-"));
  await promisify(execFile)(process.execPath, ["scripts/docs.mjs", join(folder, "index.html")], { cwd: root });
  html = await readFile(join(folder, "index.html"), "utf8");
  const definition = /const __redoc_definition = (\{.*\});\n/.exec(html)?.[1];
  if (!definition) throw new Error("the page embeds no __redoc_definition");
  rendered = JSON.parse(definition);
}, 60_000);
afterAll(() => rm(folder, { recursive: true, force: true }));

const operations = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).flatMap((op) => (op && typeof op === "object" && "operationId" in op ? [op.operationId] : [])),
);
const webhooks = Object.keys((spec as unknown as { webhooks: Record<string, unknown> }).webhooks);
const tags = (spec as unknown as { tags: Array<{ name: string }> }).tags.map((tag) => tag.name);

describe("npm run docs", () => {
  test("the page documents every operation", () => {
    const documented = Object.values(rendered.paths).flatMap((item) => Object.values(item).flatMap((op) => op.operationId ?? []));
    expect(operations).toHaveLength(38);
    expect(documented.sort()).toEqual([...operations].sort());
  });

  test("the page documents every webhook", () => {
    expect(Object.keys(rendered.webhooks).sort()).toEqual([...webhooks].sort());
  });

  test("its menu lists every tag", () => {
    for (const tag of tags) expect(html).toContain(`>${tag}<`);
  });

  test("it renders offline: Redoc's script is in the page, and no script or stylesheet is loaded from a server", () => {
    expect(html).toContain("hydrate(__redoc_definition");
    expect(html).not.toMatch(/import \{ hydrate \} from "https?:/);
    expect(html).not.toMatch(/<script[^>]*\ssrc="https?:/);
    expect(html).not.toMatch(/<link[^>]*\shref="https?:/);
  });
});
