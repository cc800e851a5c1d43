// What a live run with every opt-in (the three sends and NEXOR_LIVE_WRITE=tags,processors,leads) may do to the
// simulator's account, judged from the simulator's own records: it writes the opted-in round trips' steps and the
// three sends, nothing else, and leaves the account deep-equal to how it found it, but for what the docs say cannot be
// undone (withoutIrreversible lists it). One judgement for both runs that make it: the in-process run in
// simulator-live.test.ts and the packed command's in consumer-package.test.ts, each in one validation order.
import { expect } from "vitest";
import { type JudgedRun, withoutIrreversible } from "../support/simulator-judge.js";

/** Every write operation an every-opt-in run sends, as `METHOD path` with its ids as `{id}`. */
const optedInWrites = [
  "DELETE /api/public/processors/{id}",
  "DELETE /api/public/processors/{id}/rules/{id}",
  "DELETE /api/public/tags/{id}",
  "PATCH /api/public/leads/{id}",
  "PATCH /api/public/processors/{id}",
  "PATCH /api/public/processors/{id}/rules/{id}",
  "POST /api/public/messages",
  "POST /api/public/processors",
  "POST /api/public/processors/{id}/rules",
  "POST /api/public/tags",
  "PUT /api/public/processors/{id}/rules/reorder",
  "PUT /api/public/tags/{id}",
].sort();

/** Asserts that the run wrote the opted-in writes only, three sends among them, and left the account as found. */
export function expectLeftAsFound(run: Pick<JudgedRun, "writes" | "before" | "after" | "seed">): void {
  const written = [...new Set(run.writes.map((write) => `${write.method} ${write.path.replace(/[0-9a-f-]{36}/g, "{id}")}`))].sort();
  expect(written).toEqual(optedInWrites);
  expect(run.writes.filter((write) => write.path.endsWith("/messages"))).toHaveLength(3);
  expect(withoutIrreversible(run)).toEqual(run.before);
}
