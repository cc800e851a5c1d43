// The Messages operations held to the contract: requests the contract allows are accepted, requests it rules out are
// rejected, a missing or invalid key is refused, and every answer keeps its documented status, media type, headers
// and schema. What a target is sent is decided in support/cases/plan.ts.
import { inject } from "vitest";
import { describeOperationsOf } from "./support/case-tests.js";

describeOperationsOf("Messages", inject("target"));
