// The API key: a request without one, or with one that is not valid, is answered 401 with the documented body.
import { describe, inject } from "vitest";
import { testCases } from "./support/case-tests.js";
import { operationId, planCases } from "./support/cases/plan.js";

const target = inject("target");

describe(`${operationId} auth on the ${target.kind} target`, () => {
  testCases(
    target,
    operationId,
    planCases(target).filter((contractCase) => contractCase.kind === "auth"),
  );
});
