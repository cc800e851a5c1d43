// POST /messages held to the contract: bodies the contract allows are accepted, bodies it rules out are rejected,
// and every answer keeps its documented status, media type, headers and schema. Which bodies a target is sent is
// decided in support/cases/plan.ts (a live server never gets generated sends or contract-only rules).
import { describe, inject } from "vitest";
import { testCases } from "./support/case-tests.js";
import { operationId, planCases } from "./support/cases/plan.js";

const target = inject("target");

describe(`${operationId} on the ${target.kind} target`, () => {
  testCases(
    target,
    operationId,
    planCases(target).filter((contractCase) => contractCase.kind !== "auth"),
  );
});
