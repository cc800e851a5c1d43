// How much of the contract a run exercised, per operation: documented statuses seen, parameters sent, request
// body shapes and examples sent. Statuses a healthy server never gives are listed as not reachable, not as missed:
// a 5xx, and a status whose own description says a key of this kind never gets it (the MCP-only 403).
import { documentedResponse, resolveRef, operation as specOperation } from "../../../test/support/spec.js";
import { operationById } from "../operations.js";
import type { Outcome } from "./outcome.js";

export interface OperationCoverage {
  operationId: string;
  cases: number;
  statuses: { documented: string[]; seen: string[]; unreachable: string[]; missing: string[] };
  parameters: { documented: string[]; sent: string[] };
  variants: { documented: string[]; sent: string[] };
  examples: { documented: number; sent: number };
}

// Why a documented status cannot be provoked by a run against a healthy server, or undefined when it can be.
export function unreachableReason(operationId: string, key: string): string | undefined {
  if (key.startsWith("5")) return "a healthy server never fails";
  const entry = specOperation(operationId).op.responses[key];
  const description = entry ? String((resolveRef(entry) as { description?: unknown }).description ?? "") : "";
  if (/only MCP keys/i.test(description)) return "only MCP keys get it; the contract run uses a REST key";
  return undefined;
}

/** Coverage of each of `operationIds` by `outcomes`. */
export function coverageOf(outcomes: readonly Outcome[], operationIds: readonly string[]): OperationCoverage[] {
  return operationIds.map((operationId) => {
    const mine = outcomes.filter((outcome) => outcome.operationId === operationId);
    const operation = operationById(operationId);
    const seen = new Set<string>();
    for (const { status } of mine) {
      const key = status === undefined ? undefined : documentedResponse(operationId, status)?.key;
      if (key) seen.add(key);
    }
    const documented = operation.responses;
    const unreachable = documented.filter((key) => !seen.has(key) && unreachableReason(operationId, key));
    // Path parameters are filled in every request; query parameters count once a case sent them.
    const sentQuery = new Set([
      ...mine.flatMap((outcome) => outcome.query),
      ...(mine.length ? operation.pathParams.map(({ name }) => name) : []),
    ]);
    const parameters = [...operation.pathParams, ...operation.queryParams].map(({ name }) => name);
    const sentVariants = new Set(mine.flatMap((outcome) => (outcome.variant ? [outcome.variant] : [])));
    const documentedExamples = operation.body?.variants.reduce((sum, variant) => sum + variant.examples.length, 0) ?? 0;
    const exampleCases = mine.filter((outcome) => outcome.phase === "examples" && outcome.kind === "positive").length;
    return {
      operationId,
      cases: mine.length,
      statuses: {
        documented,
        seen: documented.filter((key) => seen.has(key)),
        unreachable,
        missing: documented.filter((key) => !seen.has(key) && !unreachable.includes(key)),
      },
      parameters: { documented: parameters, sent: parameters.filter((name) => sentQuery.has(name)) },
      variants: {
        documented: operation.body?.variants.map((variant) => variant.name) ?? [],
        sent: operation.body?.variants.map((variant) => variant.name).filter((name) => sentVariants.has(name)) ?? [],
      },
      examples: { documented: documentedExamples, sent: Math.min(documentedExamples, exampleCases) },
    };
  });
}

/** What a run never exercised that it could have: an operation never sent, a documented status never seen. */
export function missedCoverage(coverage: readonly OperationCoverage[]): string[] {
  return coverage.flatMap((entry) =>
    entry.cases === 0
      ? [`${entry.operationId}: never sent`]
      : entry.statuses.missing.map((key) => `${entry.operationId}: documented status ${key} never seen`),
  );
}

/** The totals of a run: operations sent, statuses seen of those reachable, parameters sent, body shapes, examples. */
export function coverageTotals(coverage: readonly OperationCoverage[]) {
  const sum = (pick: (entry: OperationCoverage) => number) => coverage.reduce((total, entry) => total + pick(entry), 0);
  return {
    operations: { seen: coverage.filter((entry) => entry.cases > 0).length, of: coverage.length },
    statuses: {
      seen: sum((entry) => entry.statuses.seen.length),
      reachable: sum((entry) => entry.statuses.documented.length - entry.statuses.unreachable.length),
      documented: sum((entry) => entry.statuses.documented.length),
    },
    parameters: { sent: sum((entry) => entry.parameters.sent.length), of: sum((entry) => entry.parameters.documented.length) },
    variants: { sent: sum((entry) => entry.variants.sent.length), of: sum((entry) => entry.variants.documented.length) },
    examples: { sent: sum((entry) => entry.examples.sent), of: sum((entry) => entry.examples.documented) },
  };
}

const ratio = (done: number, of: number) => (of ? `${done}/${of}` : "–");

/** The coverage as table rows: operation, cases, statuses, parameters (path and query), body shapes, request examples. */
export function coverageRows(coverage: readonly OperationCoverage[]): string[][] {
  return coverage.map((entry) => [
    entry.operationId,
    String(entry.cases),
    `${ratio(entry.statuses.seen.length, entry.statuses.documented.length - entry.statuses.unreachable.length)}${
      entry.statuses.missing.length ? ` (missing ${entry.statuses.missing.join(", ")})` : ""
    }`,
    `${ratio(entry.parameters.sent.length, entry.parameters.documented.length)}${
      entry.parameters.sent.length < entry.parameters.documented.length
        ? ` (unsent ${entry.parameters.documented.filter((name) => !entry.parameters.sent.includes(name)).join(", ")})`
        : ""
    }`,
    ratio(entry.variants.sent.length, entry.variants.documented.length),
    ratio(entry.examples.sent, entry.examples.documented),
  ]);
}

/** The header of `coverageRows`. */
export const coverageHeader = ["operation", "cases", "statuses seen", "parameters", "body shapes", "request examples"];
