// The self-check's vitest fixture: `serve(answer)` starts a loopback server answering with `answer`, and every server
// a test started is closed when the test ends, passed or failed.
import { test as base } from "vitest";
import { type Answer, type AnsweringServer, startAnsweringServer } from "./answering-server.js";

export const test = base.extend<{ serve: (answer: Answer) => Promise<AnsweringServer> }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads the fixtures this one depends on from the pattern; it needs none.
  serve: async ({}, use) => {
    const started: AnsweringServer[] = [];
    await use(async (answer) => {
      const server = await startAnsweringServer(answer);
      started.push(server);
      return server;
    });
    await Promise.all(started.map((server) => server.close()));
  },
});
