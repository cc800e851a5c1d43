// Requests that must be turned away before anything else is read: one without a key, one with a key that is not valid.

import type { Operation } from "../operations.js";
import { responseExamples } from "../spec.js";
import type { ContractCase } from "./contract-case.js";

/**
 * The two auth cases of an operation, each carrying the documented 401 body it must get (Nexor documents both: a
 * missing key is answered `{"error":"Missing API key",…}`, an invalid one `{"error":"Invalid API key",…}`). Each is a
 * valid request made unreachable (fresh random ids, example.com addresses, no workflow), so a server that ignores
 * auth reaches no person. `request` makes one such request per call.
 */
export function authCases(operation: Operation, request: () => Pick<ContractCase, "path" | "query" | "body">): ContractCase[] {
  const documented = responseExamples(operation.operationId, "401") as Record<string, Record<string, unknown> | undefined>;
  const { missing_api_key: missing, invalid_api_key: invalid } = documented;
  // Without them the check could compare nothing and pass; the spec must keep both documented bodies.
  if (!missing || !invalid) {
    throw new Error(`the 401 response of ${operation.operationId} lost its missing_api_key or invalid_api_key example`);
  }
  const base = { operationId: operation.operationId, kind: "auth", phase: "auth" } as const;
  return [
    {
      ...base,
      name: "answers a request without a key with the documented 401",
      credentials: "missing",
      ...request(),
      documentedBody: missing,
    },
    {
      ...base,
      name: "answers a request with an invalid key with the documented 401",
      credentials: "invalid",
      ...request(),
      documentedBody: invalid,
    },
  ];
}
