// The self-check's test: the shared fixtures of test/support/fixtures.ts, and `answering(answer)`, a loopback server
// answering every request with `answer`, started through the shared `serve` and so closed when the test ends.
import { test as base } from "../../test/support/fixtures.js";
import { type Answer, type AnsweringServer, startAnsweringServer } from "./answering-server.js";

export const test = base.extend(
  "answering",
  async ({ serve }): Promise<(answer: Answer) => Promise<AnsweringServer>> =>
    (answer) =>
      startAnsweringServer(answer, serve),
);
