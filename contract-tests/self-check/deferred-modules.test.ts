// The mock defers two modules Prism requires and a mock of this spec never uses (faker, ~0.8 s of CPU to load, and
// postman-collection): a deferred module is not run when it is required or when its `default` export is read, only
// when something of it is used, and then everything done to the stand-in reaches the real module. Prism's own uses go
// through: its parameter generator fills a plain string with faker's lorem.word, and its spec reader reads a Postman
// collection, each loading its module then and only then.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { deferModule, deferPrismModules } from "../support/deferred-modules.js";

const folder = mkdtempSync(join(tmpdir(), "nexor-deferred-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A CommonJS module in the folder that counts its runs in `runs`, with a default export and a named one. */
function countingModule(name: string): { requireFrom: NodeJS.Require; runs: () => number } {
  const counter = `__nexor_runs_${name}`;
  writeFileSync(
    join(folder, `${name}.cjs`),
    `globalThis.${counter} = (globalThis.${counter} ?? 0) + 1;
exports.default = { suffix: "!", greet(name) { return "hi " + name + this.suffix; } };
exports.named = 42;
`,
  );
  const runs = () => ((globalThis as Record<string, unknown>)[counter] as number | undefined) ?? 0;
  return { requireFrom: createRequire(join(folder, "index.cjs")), runs };
}

describe("a deferred module", () => {
  test("is not run when required or when its default export is read; it runs once, on first use", () => {
    const { requireFrom, runs } = countingModule("lazy");
    const loaded = deferModule(requireFrom, "./lazy.cjs");
    const module = requireFrom("./lazy.cjs") as { default: { suffix: string; greet(name: string): string }; named: number };
    const greeter = module.default;
    expect(runs()).toBe(0);
    expect(loaded()).toBe(false);
    // A method called on the stand-in runs with the stand-in as `this`, which reads through to the real object.
    expect(greeter.greet("Ada")).toBe("hi Ada!");
    expect(runs()).toBe(1);
    expect(loaded()).toBe(true);
    expect(module.named).toBe(42);
    greeter.suffix = "?";
    expect(greeter.greet("Ada")).toBe("hi Ada?");
    // The real module has taken the stand-in's place: required again, it is not run again, and holds the write.
    const again = requireFrom("./lazy.cjs") as typeof module;
    expect(again).not.toBe(module);
    expect(again.default.suffix).toBe("?");
    expect(Object.keys(module).sort()).toEqual(["default", "named"]);
    expect(runs()).toBe(1);
    expect(deferModule(requireFrom, "./lazy.cjs")()).toBe(true);
  });

  test("is left as it is when it is already loaded", () => {
    const { requireFrom, runs } = countingModule("eager");
    const real = requireFrom("./eager.cjs");
    expect(deferModule(requireFrom, "./eager.cjs")()).toBe(true);
    expect(requireFrom("./eager.cjs")).toBe(real);
    expect(runs()).toBe(1);
  });
});

describe("Prism", () => {
  const deferred = deferPrismModules();
  const requireFromPrism = createRequire(createRequire(import.meta.url).resolve("@stoplight/prism-http"));

  test("loads its generator without faker, which reaches faker when it fills a value", () => {
    // The generator Prism's mocker fills a parameter without an example with: for a plain string, faker's lorem.word.
    const { generate } = requireFromPrism("./mocker/generator/HttpParamGenerator.js") as {
      generate(parameter: object): { _tag: string; value?: unknown };
    };
    expect(deferred.faker()).toBe(false);
    const word = generate({ name: "q", schema: { type: "string" } });
    expect(word).toMatchObject({ _tag: "Some", value: expect.stringMatching(/^[a-z]+$/) });
    expect(deferred.faker()).toBe(true);
  });

  test("loads its Postman reader without postman-collection, which it reaches when it reads a collection", () => {
    const { transformPostmanCollectionOperations } = requireFromPrism("@stoplight/http-spec/postman/operation") as {
      transformPostmanCollectionOperations(document: object): Array<{ method: string; path: string }>;
    };
    expect(deferred.postman()).toBe(false);
    const operations = transformPostmanCollectionOperations({
      info: { name: "ping", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
      item: [{ name: "ping", request: { method: "GET", url: "http://127.0.0.1/ping" } }],
    });
    expect(operations).toMatchObject([{ method: "get", path: "/ping" }]);
    expect(deferred.postman()).toBe(true);
  });
});

test("the mock imports Prism only after deferring, never statically (which would load both modules first)", async () => {
  const source = await readFile(new URL("../support/prism.ts", import.meta.url), "utf8");
  expect(source).not.toMatch(/^import\s[^;]*["']@stoplight\//m);
  const deferring = source.indexOf("deferPrismModules();");
  const importing = source.indexOf('import("@stoplight/');
  expect(deferring).toBeGreaterThan(0);
  expect(importing).toBeGreaterThan(deferring);
});
