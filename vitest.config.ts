import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          // Type tests (*.test-d.ts) are compiled by tsc, never run: an @ts-expect-error that stops erroring fails.
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      {
        test: {
          name: "contract",
          include: ["contract-tests/*.contract.test.ts"],
          globalSetup: ["contract-tests/setup/global-setup.ts"],
        },
      },
      {
        test: {
          // Proves every check can fail: local servers that break one promise each, and the real contract:live
          // command run against them. Loopback only; no mock, no credentials.
          name: "self-check",
          include: ["contract-tests/self-check/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
