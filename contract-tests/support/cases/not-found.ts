// The documented 404 of a read, provoked wherever it is safe: a GET changes nothing whatever it names, and a fresh
// random UUID names nothing in any account, so even a live run may send it. Every operation with an id in its path
// documents a 404; a read of such an id is a documented negative held to that status (`expectedStatus`): a 2xx
// breaks the promise, and so does another documented rejection, a 400 say, naming the 404.
import type { Operation } from "../operations.js";
import type { ContractCase } from "./contract-case.js";

/** The read of ids that name nothing, for a GET with ids in its path that documents a 404; undefined for any other. */
export function notFoundCase(operation: Operation, parts: Pick<ContractCase, "path" | "query">): ContractCase | undefined {
  if (operation.method !== "GET" || !operation.pathParams.length || !operation.responses.includes("404")) return undefined;
  return {
    operationId: operation.operationId,
    name: "answers a read of an id that names nothing with the documented 404",
    kind: "negative",
    phase: "coverage",
    credentials: "valid",
    ...parts,
    rule: "documented",
    breaks: "an existing id: a fresh random id names nothing",
    expectedStatus: 404,
  };
}
