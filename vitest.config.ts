import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const unit: TestProjectInlineConfiguration = {
  test: {
    name: "unit",
    include: ["test/**/*.test.ts"],
    // The packed package is tested once it is built and packed (scripts/test.mjs runs it after scripts/pack.mjs).
    exclude: ["test/package/consumer.test.ts", "test/package/regenerate.test.ts", "test/package/publish.test.ts", "test/load/**"],
    // Type tests (*.test-d.ts) are compiled by `npm run typecheck`: an @ts-expect-error that stops erroring fails.
    // One module graph per worker, not per file: the client, the spec and its validators load once. Tests keep
    // no module state (servers come from fixtures, the environment is restored).
    isolate: false,
  },
};

const contract: TestProjectInlineConfiguration = {
  test: {
    name: "contract",
    include: ["contract-tests/*.contract.test.ts"],
    // One module graph per worker: the spec is loaded and its validators compiled once for both files.
    isolate: false,
    globalSetup: ["contract-tests/setup/global-setup.ts"],
  },
};

const selfCheck: TestProjectInlineConfiguration = {
  test: {
    // Proves every check can fail: local servers that break one promise each, the live run against them, and
    // the packed @nexor/contract command as another repo runs it. Loopback only; no mock, no credentials.
    name: "self-check",
    include: ["contract-tests/self-check/**/*.test.ts"],
    // @nexor/contract built and packed once for the files that run it as another repo does.
    globalSetup: ["contract-tests/setup/contract-package.ts"],
    // Its files share one module graph per worker: the spec is loaded and its validators compiled once, not
    // once per file (no file keeps state another could trip over; each server is its own).
    isolate: false,
    testTimeout: 120_000,
  },
};

/** The options oneProject knows how to merge; a project with any other cannot be merged without losing it. */
const MERGED_OPTIONS = new Set(["name", "include", "exclude", "globalSetup", "isolate", "testTimeout"]);

/**
 * unit, contract and self-check as one project, for `npm test` (which sets NEXOR_TEST_ONE_POOL): projects never share
 * a worker, so run apart each of the three loads the client, the spec and its compiled validators into workers of its
 * own; together, two workers load them once each, about 12 s of CPU less per run. Each file runs as it does in its own
 * project: every one is isolate: false, and each gets both global setups and the longest timeout (a test that hangs
 * fails after 120 s under npm test, after 5 s in the unit project).
 */
function oneProject(projects: TestProjectInlineConfiguration[]): TestProjectInlineConfiguration {
  for (const { test = {} } of projects) {
    const unknown = Object.keys(test).filter((option) => !MERGED_OPTIONS.has(option));
    if (test.isolate !== false || unknown.length)
      throw new Error(`vitest.config.ts: project ${test.name} cannot join npm test's one project (isolate or ${unknown.join(", ")})`);
  }
  return {
    test: {
      name: "tests",
      include: projects.flatMap((project) => project.test?.include ?? []),
      exclude: projects.flatMap((project) => project.test?.exclude ?? []),
      globalSetup: projects.flatMap((project) => project.test?.globalSetup ?? []),
      isolate: false,
      testTimeout: Math.max(...projects.map((project) => project.test?.testTimeout ?? 5_000)),
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      ...(process.env.NEXOR_TEST_ONE_POOL ? [oneProject([unit, contract, selfCheck])] : [unit, contract, selfCheck]),
      {
        test: {
          // The fault + load run in a process of its own: its peak RSS bound is about the run, not about the modules
          // that the unit tests' shared worker (isolate: false) has loaded before it.
          name: "load",
          include: ["test/load/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "package",
          include: ["test/package/consumer.test.ts", "test/package/regenerate.test.ts", "test/package/publish.test.ts"],
          // The packed @nexor/api installed once into an empty project, which the consumer and regenerate files copy.
          globalSetup: ["test/package/installed-project.ts"],
        },
      },
    ],
  },
});
