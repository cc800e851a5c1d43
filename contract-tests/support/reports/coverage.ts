// How much of the contract a run exercised, per operation: documented statuses seen, parameters sent, request
// body shapes and examples sent. Statuses a healthy server never gives are listed as not reachable, not as missed:
// the responses the spec marks `x-nexor-unreachable` (a 500, the MCP-only 403), each with the spec's reason.

import { operationById } from "../operations.js";
import { documentedResponse, resolveRef, operation as specOperation } from "../spec.js";
import { documentedRequestKeywords, documentedResponseVariants } from "./exercised.js";
import type { Outcome } from "./outcome.js";

export interface OperationCoverage {
  operationId: string;
  cases: number;
  /** `unreachable`: the documented statuses the spec marks `x-nexor-unreachable`, each with its reason. */
  statuses: { documented: string[]; seen: string[]; unreachable: string[]; missing: string[]; why: Record<string, string> };
  parameters: { documented: string[]; sent: string[] };
  /** The request body shapes (the body's `oneOf` branches) a valid request sent. */
  variants: { documented: string[]; sent: string[] };
  examples: { documented: number; sent: number };
  /** The branches of the documented response schemas, by name, and those an answer matched. */
  responseVariants: { documented: string[]; matched: string[] };
  /** The request schema keywords by rule: kept by a valid request (`positive`), broken by an invalid one (`negative`). */
  keywords: { documented: string[]; positive: string[]; negative: string[] };
}

/**
 * Why a documented status cannot be provoked by a run against a healthy server, or undefined when it can be: the
 * sentence the spec gives the response in `x-nexor-unreachable` (a 500, the MCP-only 403). Nothing here guesses.
 */
export function unreachableReason(operationId: string, key: string): string | undefined {
  const entry = specOperation(operationId).op.responses[key];
  const reason = entry ? (resolveRef(entry) as { "x-nexor-unreachable"?: unknown })["x-nexor-unreachable"] : undefined;
  return typeof reason === "string" ? reason : undefined;
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
    const why = Object.fromEntries(
      documented.flatMap((key) => {
        const reason = unreachableReason(operationId, key);
        return reason ? [[key, reason]] : [];
      }),
    );
    const unreachable = documented.filter((key) => !seen.has(key) && why[key]);
    // Path parameters are filled in every request; query parameters count once a case sent them.
    const sentQuery = new Set([
      ...mine.flatMap((outcome) => outcome.query),
      ...(mine.length ? operation.pathParams.map(({ name }) => name) : []),
    ]);
    const parameters = [...operation.pathParams, ...operation.queryParams].map(({ name }) => name);
    const sentVariants = new Set(mine.flatMap((outcome) => (outcome.variant ? [outcome.variant] : [])));
    const documentedExamples = operation.body?.variants.reduce((sum, variant) => sum + variant.examples.length, 0) ?? 0;
    const exampleCases = mine.filter((outcome) => outcome.phase === "examples" && outcome.kind === "positive").length;
    const matched = new Set(mine.flatMap((outcome) => outcome.responseVariants ?? []));
    const responseVariants = documentedResponseVariants(operationId);
    const keywords = documentedRequestKeywords(operationId).map(({ rule }) => rule);
    const kept = new Set(mine.flatMap((outcome) => outcome.keywords?.kept ?? []));
    const broken = new Set(mine.flatMap((outcome) => (outcome.keywords?.broken ? [outcome.keywords.broken] : [])));
    return {
      operationId,
      cases: mine.length,
      statuses: {
        documented,
        seen: documented.filter((key) => seen.has(key)),
        unreachable,
        missing: documented.filter((key) => !seen.has(key) && !unreachable.includes(key)),
        why,
      },
      parameters: { documented: parameters, sent: parameters.filter((name) => sentQuery.has(name)) },
      variants: {
        documented: operation.body?.variants.map((variant) => variant.name) ?? [],
        sent: operation.body?.variants.map((variant) => variant.name).filter((name) => sentVariants.has(name)) ?? [],
      },
      examples: { documented: documentedExamples, sent: Math.min(documentedExamples, exampleCases) },
      responseVariants: {
        documented: responseVariants.map(({ name }) => name),
        matched: responseVariants.filter(({ pointer }) => matched.has(pointer)).map(({ name }) => name),
      },
      keywords: {
        documented: keywords,
        positive: keywords.filter((rule) => kept.has(rule)),
        negative: keywords.filter((rule) => broken.has(rule)),
      },
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
    responseVariants: {
      matched: sum((entry) => entry.responseVariants.matched.length),
      of: sum((entry) => entry.responseVariants.documented.length),
    },
    keywords: { exercised: sum((entry) => exercisedKeywords(entry).length), of: sum((entry) => entry.keywords.documented.length) },
  };
}

const ratio = (done: number, of: number) => (of ? `${done}/${of}` : "–");

/** The request keywords a case exercised either way. */
export function exercisedKeywords(entry: OperationCoverage): string[] {
  return entry.keywords.documented.filter((rule) => entry.keywords.positive.includes(rule) || entry.keywords.negative.includes(rule));
}

/**
 * The coverage as table rows: operation, cases, statuses, parameters (path and query), body shapes, request examples,
 * response variants matched, request keywords exercised. Counts only: the detail is in the markdown and NDJSON.
 */
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
    ratio(entry.responseVariants.matched.length, entry.responseVariants.documented.length),
    ratio(exercisedKeywords(entry).length, entry.keywords.documented.length),
  ]);
}

/** The header of `coverageRows`. */
export const coverageHeader = [
  "operation",
  "cases",
  "statuses seen",
  "parameters",
  "body shapes",
  "request examples",
  "response variants",
  "keywords",
];

const list = (items: readonly string[]) => items.map((item) => `\`${item}\``).join(", ");

/**
 * The detail of coverage as markdown, an operation per item, saying only what is not complete: statuses missed and
 * those not reachable (with the spec's reason), response variants never matched, request keywords never exercised,
 * and those exercised one way only (kept but never broken: a rule no negative case breaks on this target).
 */
export function coverageDetail(coverage: readonly OperationCoverage[]): string[] {
  return coverage.flatMap((entry) => {
    const notes: string[] = [];
    if (entry.statuses.missing.length) notes.push(`statuses never seen: ${list(entry.statuses.missing)}`);
    for (const key of entry.statuses.unreachable) notes.push(`status \`${key}\` not reachable: ${entry.statuses.why[key]}`);
    const unmatched = entry.responseVariants.documented.filter((name) => !entry.responseVariants.matched.includes(name));
    if (unmatched.length) notes.push(`response variants never matched: ${list(unmatched)}`);
    const exercised = exercisedKeywords(entry);
    const never = entry.keywords.documented.filter((rule) => !exercised.includes(rule));
    if (never.length) notes.push(`keywords never exercised: ${list(never)}`);
    const keptOnly = entry.keywords.positive.filter((rule) => !entry.keywords.negative.includes(rule));
    if (keptOnly.length) notes.push(`keywords kept but never broken: ${list(keptOnly)}`);
    return notes.length ? [`- \`${entry.operationId}\`: ${notes.join("; ")}`] : [];
  });
}
