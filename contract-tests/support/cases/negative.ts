// Requests the contract rules out, made by breaking one rule of a valid request: the schema-driven mutations of the
// body and the parameters, and the operation's documented rules from the registry. Each broken request is checked
// to be invalid before it is used, and is classified by the spec itself: `documented` when the spec without its
// contract-only keywords still rules it out, `contract-only` otherwise.
//
// Two phases: the coverage phase sends every rule of the operation once, whatever the seed; the random phase adds
// `cases` seeded mutations on top, drawn from every rule and every valid body.

import { documentedValidatorAt } from "../documented.js";
import type { Operation, Parameter } from "../operations.js";
import { validatorAt } from "../spec.js";
import type { ContractCase, Phase, Rule } from "./contract-case.js";
import { type Broken, bodyMutations, type Mutation, parameterMutations, withArticle } from "./mutations.js";
import type { ValidBody } from "./positive.js";
import type { SeededRandom } from "./random.js";
import { rulesOf } from "./rules.js";
import { remove } from "./schema-walk.js";
import { fromWire, idRenewer, queryPairs, toWire } from "./values.js";

/** A valid request to break: its body (for an operation with one) and its parameters' typed values. */
export interface ValidRequest {
  base?: ValidBody;
  /** Every path parameter, every required query parameter, and a valid value for each optional one. */
  values: Record<string, unknown>;
  /** The optional query parameters left out of the valid request (their values are only there to be broken). */
  optional: string[];
}

/** What the planner hands the negative phases. */
export interface NegativeInput {
  operation: Operation;
  /** What the coverage phase breaks, the same on every run: the examples, then a body with every field. */
  coverage: ValidRequest[];
  /** What the random phase breaks: the coverage's requests and the run's generated ones. */
  requests: ValidRequest[];
  /** Valid values of every top-level body field the examples carry, to lend one variant's field to another. */
  samples: Record<string, unknown>;
  random: SeededRandom;
  count: number;
  /** Which rules the target may be sent. */
  rules: Rule[];
  /** Whether a finished case may be sent to the target (the live safety table); a refused one is not planned. */
  accept(contractCase: ContractCase): boolean;
  /** Checks that do not apply on this target to a case made by this mutation. */
  exempt?(mutation: Mutation): ContractCase["exempt"];
}

interface Candidate {
  mutation: Mutation;
  request: ValidRequest;
}

/** The coverage phase: one case for every rule of the operation a valid request can break, in a fixed order. */
export function coverageCases(input: NegativeInput): ContractCase[] {
  const byRule = new Map<string, Candidate[]>();
  for (const request of input.coverage) {
    for (const mutation of mutationsOf(input, request)) {
      byRule.set(mutation.rule, [...(byRule.get(mutation.rule) ?? []), { mutation, request }]);
    }
  }
  return [...byRule.values()].flatMap((candidates) => {
    for (const candidate of candidates) {
      const made = build(input, candidate, "coverage", "coverage");
      if (made) return [made];
    }
    return [];
  });
}

/** The random phase: `count` seeded mutations drawn from every rule of every valid request. */
export function randomCases(input: NegativeInput): ContractCase[] {
  const cases: ContractCase[] = [];
  for (let index = 1; index <= input.count; index++) {
    // A draw that breaks nothing the target may be sent is drawn again, a bounded number of times.
    for (let attempt = 0; attempt < 25; attempt++) {
      const request = input.random.pick(input.requests);
      const mutations = mutationsOf(input, request);
      if (!mutations.length) break;
      const made = build(input, { mutation: input.random.pick(mutations), request }, "random", `random #${index}`);
      if (made) {
        cases.push(made);
        break;
      }
    }
  }
  return cases;
}

const cache = new WeakMap<ValidRequest, Mutation[]>();

// Every mutation of one valid request: of its body, of each parameter, and the operation's documented rules.
function mutationsOf(input: NegativeInput, request: ValidRequest): Mutation[] {
  const cached = cache.get(request);
  if (cached) return cached;
  const { operation } = input;
  const mutations: Mutation[] = [];
  if (request.base && operation.body) {
    mutations.push(...bodyMutations(request.base.body, operation.body.pointer, input.samples));
    for (const documented of rulesOf(operation.operationId)) {
      const body = request.base.body;
      mutations.push({
        rule: `documented rule: ${documented.rule}`,
        keyword: "documented rule",
        place: "body",
        apply: (random) => {
          const value = documented.apply(body, random);
          return value === undefined ? undefined : { value, detail: documented.detail };
        },
      });
    }
  }
  for (const parameter of [...operation.pathParams, ...operation.queryParams]) {
    mutations.push(...parameterMutations(parameter, request.values[parameter.name]));
  }
  const kept =
    operation.bulk?.partial && Array.isArray(request.base?.body) ? wholeArrayOnly(operation, request.base!, mutations) : mutations;
  cache.set(request, kept);
  return kept;
}

// A bulk body that succeeds partially (`x-nexor-bulk`) is not rejected for one invalid item: a conforming server
// creates the valid ones. So only rules of the whole array are broken (its type, its item count, JSON itself), and
// an array made longer than allowed holds only invalid items: a server that wrongly accepts it creates nothing. The
// parameters are broken beside a one-item body instead, never beside an array of valid items.
function wholeArrayOnly(operation: Operation, base: ValidBody, mutations: Mutation[]): Mutation[] {
  const variant = operation.body!.variants.find((candidate) => candidate.name === base.variant)!;
  const validItem = documentedValidatorAt(`${variant.pointer}/items`);
  const invalidItem = [{}, null, "x"].find((candidate) => !validItem(candidate));
  return mutations
    .filter((mutation) => mutation.place === "body" && mutation.at?.length === 0)
    .flatMap((mutation) => {
      if (mutation.keyword !== "maxItems") return [mutation];
      if (invalidItem === undefined) return [];
      const max = operation.bulk!.maxItems;
      return [
        {
          ...mutation,
          apply: () => ({
            value: Array.from({ length: max + 1 }, () => structuredClone(invalidItem)),
            detail: `holding ${max + 1} items (at most ${max}), each of them invalid`,
          }),
        },
      ];
    });
}

// The case a candidate makes, or undefined when it breaks nothing, breaks only rules the target is not sent, or
// would be unsafe there.
function build(input: NegativeInput, { mutation, request }: Candidate, phase: Phase, label: string): ContractCase | undefined {
  const { operation } = input;
  const broken = mutation.apply(input.random);
  if (!broken) return undefined;
  const parameter = [...operation.pathParams, ...operation.queryParams].find((candidate) => candidate.name === mutation.parameter);
  const rule = mutation.place === "body" ? bodyRule(operation, mutation, broken) : parameterRule(parameter!, broken.value);
  if (mutation.keyword === "documented rule" && rule !== "documented") {
    throw new Error(
      `${operation.operationId}: the ${mutation.rule} is not encoded by the spec (read without its contract-only keywords), which accepts ${JSON.stringify(broken.value)}`,
    );
  }
  if (!rule || !input.rules.includes(rule)) return undefined;
  const values = { ...request.values };
  if (parameter) values[parameter.name] = broken.value;
  const kept = new Set([...operation.queryParams.filter((query) => !request.optional.includes(query.name)).map((query) => query.name)]);
  if (parameter?.in === "query") kept.add(parameter.name);
  const body =
    mutation.place === "body" ? (broken.text ?? JSON.stringify(broken.value)) : request.base && JSON.stringify(request.base.body);
  const subject =
    mutation.place === "body" && operation.body && operation.body.variants.length > 1
      ? `${withArticle(request.base!.variant)} body`
      : mutation.place === "body"
        ? "a body"
        : "a request";
  const exempt = input.exempt?.(mutation);
  // Every case aims at ids of its own, never at ones another case of the plan already used.
  const renew = idRenewer();
  const contractCase: ContractCase = {
    operationId: operation.operationId,
    name: `rejects ${subject} ${broken.detail} (${rule}, ${label})`,
    kind: "negative",
    phase,
    credentials: "valid",
    path: Object.fromEntries(operation.pathParams.map((path) => [path.name, renew(toWire(path, values[path.name])[0] ?? "")])),
    query: queryPairs(
      operation.queryParams.filter((query) => kept.has(query.name) && values[query.name] !== remove),
      values,
    ).map(([name, value]) => [name, renew(value)]),
    ...(body !== undefined && { body: renew(body) }),
    rule,
    breaks: mutation.rule,
    ...(exempt && { exempt }),
  };
  return input.accept(contractCase) ? contractCase : undefined;
}

function bodyRule(operation: Operation, mutation: Mutation, broken: Broken): Rule | undefined {
  if (broken.text !== undefined) return mutation.keyword === "json" ? "contract-only" : undefined;
  const pointer = operation.body!.pointer;
  if (validatorAt(pointer)(broken.value)) return undefined;
  return documentedValidatorAt(pointer)(broken.value) ? "contract-only" : "documented";
}

function parameterRule(parameter: Parameter, value: unknown): Rule | undefined {
  // A required query parameter left out: the operation's own `required`, which the docs state.
  if (value === remove) return "documented";
  const read = fromWire(parameter, toWire(parameter, value));
  if (validatorAt(parameter.schemaPointer)(read)) return undefined;
  return documentedValidatorAt(parameter.schemaPointer)(read) ? "contract-only" : "documented";
}
