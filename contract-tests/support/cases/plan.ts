// What each target is sent, for every operation of the spec. The mock and the self-check's local servers get every
// case; a live server gets only what the live safety table allows (cases/live-safety.ts): the auth cases, the reads
// that need no id, the test lead's reads, the documented negatives aimed at random ids with unreachable data, and
// the sends and round trips the person running it opted into.

import { type Operation, operations } from "../operations.js";
import { validatorAt } from "../spec.js";
import type { Target } from "../target.js";
import { authCases } from "./auth.js";
import type { ContractCase, Phase, Rule } from "./contract-case.js";
import { liveSafetyProblems, unreachable } from "./live-safety.js";
import { liveSendCases, sendOperationId } from "./live-sends.js";
import type { Mutation } from "./mutations.js";
import { coverageCases, randomCases, type ValidRequest } from "./negative.js";
import { notFoundCase } from "./not-found.js";
import { exampleBodies, fullBodies, generatedBodies, type ValidBody } from "./positive.js";
import { seededRandom } from "./random.js";
import { generatedParameterValue, holdsUuid, parameterValue, queryPairs, toWire } from "./values.js";

/** Every case of a run against `target`, operation by operation in the spec's order. */
export function planCases(target: Target, planned: readonly Operation[] = selected(target)): ContractCase[] {
  return planned.flatMap((operation) => planOperation(target, operation));
}

/** The operations a run covers: those `target.only` names, else every one. */
export function selected(target: Pick<Target, "only">): Operation[] {
  return operations.filter((operation) => !target.only || target.only.includes(operation.operationId));
}

/** A seed of its own for each operation, so that one operation's draws never shift another's. */
export function operationSeed(seed: number, operationId: string): number {
  let hash = 0x811c9dc5;
  for (const char of operationId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return (hash ^ seed) >>> 0;
}

/** The cases of one operation against `target`, in the order they are sent. */
export function planOperation(target: Target, operation: Operation): ContractCase[] {
  const live = target.kind === "live";
  const seed = operationSeed(target.seed, operation.operationId);
  const random = seededRandom(seed);
  const validBody = operation.body ? validatorAt(operation.body.pointer) : () => true;
  const examples = exampleBodies(operation.operationId);
  // An operation whose body has no example still gets one valid body to send and to break.
  const generated = generatedBodies(operation.operationId, seed, Math.max(target.cases, operation.body && !examples.length ? 1 : 0));

  // Valid values for the parameters: fresh random ids, examples, or values generated with `from`; optional query
  // parameters are given one too, so that the negative phases can break them.
  const parameterValues = (from = seed): { values: Record<string, unknown>; optional: string[] } => ({
    values: Object.fromEntries(
      [...operation.pathParams, ...operation.queryParams].map((parameter) => [parameter.name, parameterValue(parameter, from)]),
    ),
    optional: operation.queryParams.filter((parameter) => !parameter.required).map((parameter) => parameter.name),
  });
  const parts = (values: Record<string, unknown>, optional: string[] = []) => ({
    path: Object.fromEntries(operation.pathParams.map((parameter) => [parameter.name, toWire(parameter, values[parameter.name])[0]!])),
    query: queryPairs(
      operation.queryParams.filter((parameter) => !optional.includes(parameter.name)),
      values,
    ),
  });
  // A valid request that can reach no one: what auth cases and negatives are made from, on every target.
  const unreachableBase = (base: ValidBody): ValidBody | undefined => {
    const body = unreachable(operation, base.body) as ValidBody["body"];
    return validBody(body) ? { ...base, body } : undefined;
  };
  const safe = (bodies: ValidBody[]) => bodies.map(unreachableBase).filter((base): base is ValidBody => base !== undefined);
  // The coverage phase breaks what every run has (the examples and a body with every field, parameters drawn with a
  // fixed seed); the random phase adds the run's own generated bodies.
  const fixed = safe([...examples, ...fullBodies(operation.operationId)]);
  const bases = [...fixed, ...safe(generated)];
  if (operation.body && !bases.length) throw new Error(`${operation.operationId}: no valid body stays valid once made unreachable`);
  const requestsOf = (bodies: ValidBody[], from: number): ValidRequest[] =>
    (operation.body ? bodies : [undefined]).map((base) => ({ ...(base && { base }), ...parameterValues(from) }));
  const coverageRequests = requestsOf(fixed, 0);
  const requests = [...coverageRequests, ...requestsOf(safe(generated), seed)];

  const auth = authCases(operation, () => {
    const { values, optional } = parameterValues();
    const base = bases[0];
    return { ...parts(values, optional), ...(base && { body: JSON.stringify(unreachableBase(base)?.body ?? base.body) }) };
  }).map((contractCase) =>
    // Prism checks only that a key is present: an invalid key is checked on real servers and local ones.
    target.kind === "mock" && contractCase.credentials === "invalid"
      ? { ...contractCase, skip: "Prism checks only that a key is present; this is checked live" }
      : contractCase,
  );

  const positive = (name: string, phase: Phase, values: Record<string, unknown>, optional: string[], body?: unknown): ContractCase => ({
    operationId: operation.operationId,
    name,
    kind: "positive",
    phase,
    credentials: "valid",
    ...parts(values, optional),
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const positives: ContractCase[] = [];
  if (!live) {
    const counts = new Map<string, number>();
    for (const { variant, body, example } of [...examples, ...generated]) {
      const { values, optional } = parameterValues();
      counts.set(variant, (counts.get(variant) ?? 0) + (example ? 0 : 1));
      const name = example ? `accepts the ${example} example` : `accepts generated ${variant} body #${counts.get(variant)}`;
      positives.push(positive(name, example ? "examples" : "generated", values, optional, body));
    }
    if (!operation.body) {
      const { values, optional } = parameterValues();
      positives.push(positive("accepts a request with its required parameters", "examples", values, optional));
      if (optional.length) positives.push(positive("accepts every documented query parameter", "examples", values, []));
      if (operation.queryParams.some((parameter) => !parameter.required)) {
        for (let index = 1; index <= target.cases; index++) {
          const generatedValues = { ...values };
          for (const parameter of operation.queryParams) {
            if (!parameter.required && random.next() < 0.5) continue;
            generatedValues[parameter.name] = generatedParameterValue(parameter, (seed + index) >>> 0);
          }
          const left = operation.queryParams.filter(
            (parameter) => generatedValues[parameter.name] === values[parameter.name] && !parameter.required,
          );
          positives.push(
            positive(
              `accepts generated query parameters #${index}`,
              "generated",
              generatedValues,
              left.map(({ name }) => name),
            ),
          );
        }
      }
    }
  } else if (operation.method === "GET" && !operation.pathParams.length) {
    const { values, optional } = parameterValues();
    positives.push(positive("answers a read that needs no id", "examples", values, optional));
    // Every documented query parameter of a read is sent at least once: a read changes nothing, whatever it filters.
    if (optional.length) positives.push(positive("answers a read with every documented query parameter", "examples", values, []));
  } else if (operation.method === "GET" && target.ids.leadId && readsOneLead(operation)) {
    const { values, optional } = parameterValues();
    values[operation.pathParams[0]!.name] = target.ids.leadId;
    positives.push(positive("answers a read of the test lead (NEXOR_LEAD_ID)", "lead", values, optional));
    if (optional.length) {
      positives.push(positive("answers a read of the test lead with every documented query parameter", "lead", values, []));
    }
  }

  const negativeInput = {
    operation,
    coverage: coverageRequests,
    requests,
    samples: Object.assign({}, ...examples.map(({ body }) => body)) as Record<string, unknown>,
    random,
    count: target.cases,
    rules: (live ? ["documented"] : ["documented", "contract-only"]) as Rule[],
    accept: (contractCase: ContractCase) => !live || !liveSafetyProblems(operation, contractCase, target.ids).length,
    ...(target.kind === "mock" && { exempt: (mutation: Mutation) => mockExemptions(operation, mutation) }),
  };
  // A negative needs a documented answer to invalid input: a 400 (or a 422, or a 4XX range). A 404 or 409 alone
  // answers something else (an unknown id, a taken slug), so it cannot hold a server to rejecting a bad value.
  const rejects = rejectsInvalidInput(operation);
  const noRejection = `${operation.method} ${operation.path} documents no status for a request it rejects`;
  const negatives = [...coverageCases(negativeInput), ...randomCases(negativeInput)].flatMap((contractCase) =>
    rejects ? [contractCase] : live ? [] : [{ ...contractCase, skip: noRejection }],
  );

  // Not on the mock: Prism answers any id with its first documented success.
  const fresh = parameterValues();
  const notFound = target.kind === "mock" ? undefined : notFoundCase(operation, parts(fresh.values, fresh.optional));
  const sends = live && operation.operationId === sendOperationId ? liveSendCases(target) : [];
  const cases = [...auth, ...positives, ...(notFound ? [notFound] : []), ...negatives, ...sends];
  if (live) {
    for (const contractCase of cases) {
      const problems = liveSafetyProblems(operation, contractCase, target.ids);
      if (problems.length) throw new Error(`refusing to plan an unsafe live case "${contractCase.name}": ${problems.join("; ")}`);
    }
  }
  return cases;
}

// Where Prism, not the contract, answers a negative on the mock: the checks that would judge Prism's own answer.
function mockExemptions(operation: Operation, mutation: Mutation): ContractCase["exempt"] {
  if (operation.bulk && mutation.keyword === "maxItems") {
    return {
      mock_violations:
        "Prism lists one violation per invalid item of the over-long array and cuts its sl-violations header short ('Too many violations!'), which then cannot be read",
    };
  }
  if (mutation.keyword === "json") {
    return {
      response_schema_conformance:
        "Prism's body parser answers a body that is not JSON with its own 400 {error: {code, message}} before the contract is consulted",
    };
  }
  if (mutation.place !== "body" && !operation.responses.includes("400") && !operation.responses.includes("422")) {
    const reason = `Prism answers an invalid ${mutation.place} parameter with its own 422 problem+json when the operation documents no 400 or 422 (this one documents ${operation.responses.join(", ")})`;
    return { status_code_conformance: reason, content_type_conformance: reason, response_schema_conformance: reason };
  }
  return undefined;
}

/** Whether the operation documents a status for invalid input (`400`, `422` or `4XX`), the answer a negative expects. */
export function rejectsInvalidInput(operation: Operation): boolean {
  return operation.responses.some((key) => key === "400" || key === "422" || key === "4XX");
}

/** Whether an operation reads one lead, named by its only path parameter: `GET /leads/{id}/…`. */
export function readsOneLead(operation: Operation): boolean {
  return operation.pathParams.length === 1 && holdsUuid(operation.pathParams[0]!) && /^\/leads\/\{[^}]+\}(\/|$)/.test(operation.path);
}
