// A pass that proves nothing says so: when most positive cases of an operation were answered 401, 403 or 404, or
// never reached the server, the operation's behaviour with a valid request was never seen, whatever the counts say.
// (On a live run a read aimed at a random id is answered 404 by design; what counts is the share of them.)
import type { Outcome } from "./outcome.js";

const refusals = new Set([401, 403, 404]);

/** The operations not really tested, each with a sentence saying why. */
export function notReallyTested(outcomes: readonly Outcome[]): Array<{ operationId: string; why: string }> {
  const byOperation = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    if (outcome.kind !== "positive") continue;
    byOperation.set(outcome.operationId, [...(byOperation.get(outcome.operationId) ?? []), outcome]);
  }
  return [...byOperation].flatMap(([operationId, positives]) => {
    const refused = positives.filter((outcome) => outcome.status === undefined || refusals.has(outcome.status));
    if (refused.length * 2 <= positives.length) return [];
    const statuses = [...new Set(refused.map((outcome) => (outcome.status === undefined ? "no answer" : String(outcome.status))))];
    return [
      {
        operationId,
        why: `${refused.length} of ${positives.length} valid requests were answered ${statuses.join(", ")}: its passes prove little, it was not really tested`,
      },
    ];
  });
}
