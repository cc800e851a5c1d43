// What an error says of the operation it concerns comes from the operation's spec: whom a request that may have been
// processed may have reached (x-nexor-contacts), and what to check (x-nexor-hints).
import { describe, expect } from "vitest";
import { wordsFor } from "../../src/core/words.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { callOperation, operation } from "../support/operations.js";

describe("wordsFor", () => {
  test.for([
    ["lead", { contacts: ["lead"] }, "The lead may already have been contacted: check the lead's history before sending it again"],
    [
      "lead and host",
      { contacts: ["host", "lead"] },
      "The lead may already have been contacted: check the lead's history before sending it again",
    ],
    ["host", { contacts: ["host"] }, "The host may already have been notified: check before sending it again"],
    [
      "nobody, idempotent",
      { idempotent: true },
      "Nexor may already have acted on it; repeating it is safe, as the operation is idempotent",
    ],
    ["nobody", {}, "Nexor may already have acted on it: check before sending it again"],
  ] as const)("an operation that contacts %s", ([, fields, sentence]) => {
    expect(wordsFor(operation(fields)).mayHaveBeenProcessed).toBe(sentence);
  });

  test("carries the operation's hints and whether it is idempotent", () => {
    const hints = { "404": "Check the lead id.", unsuccessful: "Check the lead's phone." };
    expect(wordsFor(operation({ hints, idempotent: true }))).toMatchObject({ hints, idempotent: true });
    expect(wordsFor(operation())).toMatchObject({ hints: undefined, idempotent: undefined });
  });
});

describe("the sentence on a request that may have been processed", () => {
  const contactLead = operation({ path: "/calls", contacts: ["lead"] });
  const createNote = operation({ path: "/notes" });

  test("speaks of the lead, on a 500 and on a connection lost after sending, for an operation that contacts one", async ({ serve }) => {
    const failing = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const resetting = await serve((_request, response) => {
      response.socket?.destroy();
    });
    for (const server of [failing, resetting]) {
      const calling = callOperation(contactLead, { baseUrl: server.url }, { ids: [], input: {} });
      await expect(calling).rejects.toMatchObject({ mayHaveBeenProcessed: true });
      await expect(calling).rejects.toThrow(/The lead may already have been contacted: check the lead's history/);
    }
  });

  test("never speaks of a lead for an operation that contacts nobody", async ({ serve }) => {
    const failing = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    const resetting = await serve((_request, response) => {
      response.socket?.destroy();
    });
    for (const server of [failing, resetting]) {
      const calling = callOperation(createNote, { baseUrl: server.url }, { ids: [], input: {} });
      await expect(calling).rejects.toMatchObject({ mayHaveBeenProcessed: true });
      await expect(calling).rejects.toThrow(/Nexor may already have acted on it: check before sending it again/);
      await expect(calling).rejects.not.toThrow(/lead/i);
    }
  });
});
