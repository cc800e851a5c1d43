// Requests that must be turned away before their body is read: one without a key, one with a key that is not valid.
import { randomUUID } from "node:crypto";
import { responseExamples } from "../../../test/support/spec.js";
import type { ContractCase } from "./contract-case.js";
import type { ValidBody } from "./positive.js";

/**
 * The two auth cases, each carrying the documented 401 body it must get (Nexor documents both, api-facts §1.1).
 * The body is a valid one addressed to a fresh random lead, so a server that ignores auth reaches no person.
 */
export function authCases(operationId: string, base: ValidBody): ContractCase[] {
  const documented = responseExamples(operationId, "401") as Record<string, Record<string, unknown> | undefined>;
  const { missing_api_key: missing, invalid_api_key: invalid } = documented;
  // Without them the check could compare nothing and pass; the spec must keep both documented bodies.
  if (!missing || !invalid) throw new Error(`the 401 response of ${operationId} lost its missing_api_key or invalid_api_key example`);
  const body = () => JSON.stringify({ ...base.body, lead_id: randomUUID() });
  return [
    {
      name: "answers a request without a key with the documented 401",
      kind: "auth",
      credentials: "missing",
      body: body(),
      documentedBody: missing,
    },
    {
      name: "answers a request with an invalid key with the documented 401",
      kind: "auth",
      credentials: "invalid",
      body: body(),
      documentedBody: invalid,
    },
  ];
}
