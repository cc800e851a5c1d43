// Every operation of the spec held to the contract, tag by tag: requests the contract allows are accepted, requests it
// rules out are rejected, a missing or invalid key is refused, and every answer keeps its documented status, media
// type, headers and schema. What a target is sent is decided in support/cases/plan.ts.
// One file for every tag: each test file loads the spec and compiles its validators again, which the 38 operations
// of one file do not need to pay eleven times.
import { inject } from "vitest";
import { describeOperationsOf } from "./support/case-tests.js";
import { operationTags } from "./support/operations.js";

const target = inject("target");
for (const tag of operationTags) describeOperationsOf(tag, target);
