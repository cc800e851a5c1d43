// The `test` every test file imports, with its fixtures: `serve` starts loopback servers that close after the test,
// `mock` is one Prism mock of the bundled spec per file, or the run's own when `npm test` started one. A fixture starts
// only in the tests that name it.
import { test as base } from "vitest";
import type { RunningMock } from "../../contract-tests/support/prism.js";
import { type Handler, type LocalServer, startServer } from "./local-server.js";

/** Starts a loopback server answering with `handler`; it is closed when the test ends. */
export type Serve = (handler: Handler) => Promise<LocalServer>;

export const test = base
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; serve has none.
  .extend("serve", async ({}, { onCleanup }): Promise<Serve> => {
    const servers: LocalServer[] = [];
    onCleanup(async () => {
      await Promise.all(servers.map((server) => server.close()));
    });
    return async (handler) => {
      const server = await startServer(handler);
      servers.push(server);
      return server;
    };
  })
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern; mock has none.
  .extend("mock", { scope: "file" }, async ({}, { onCleanup }): Promise<RunningMock> => {
    // Imported here so that files without the mock never load Prism.
    const { prismMock } = await import("../../contract-tests/support/shared-mock.js");
    const mock = await prismMock();
    onCleanup(() => mock.close());
    return mock;
  });
