// Two parts of coverage read from the spec and from each case: the response variants of an operation (each
// `oneOf`/`anyOf` branch of a documented response schema, matched or not by an answer), and the schema keywords of
// its request (each constraint keyword of the body's and the parameters' schemas, at its place, exercised by a valid
// request that carried a value there, or by an invalid one that broke it). A keyword is named as a negative case
// names the rule it breaks (`minLength body /name`, `enum query status`, `required body /lead_id`), so that the two
// are compared as text.

import type { ContractCase } from "../cases/contract-case.js";
import { atPointer, type Operation, operationById } from "../operations.js";
import { documentedResponse, pointerSegment } from "../spec.js";
import { branchesUnder, type Place, type SchemaSite, schemaSites, valueSites } from "./schema-sites.js";

/** A branch of a response schema: its pointer, and its name in a report (the schema it names, else where it sits). */
export interface ResponseVariant {
  pointer: string;
  name: string;
}

/** A constraint keyword of a request schema, at its place. */
export interface RequestKeyword {
  /** As a negative case names the rule it breaks: `maxLength body /name`. */
  rule: string;
  keyword: string;
}

// The keywords a request value can keep or break. `required` is named per property, a closed object (`additionalProperties`
// or `unevaluatedProperties` false) as `additionalProperties`; annotations and applicators are not constraints.
const constraintKeywords = [
  "type",
  "format",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
];

const jsonSchema = (responsePointer: string) => {
  const content = (atPointer(responsePointer) as { content?: Record<string, unknown> } | undefined)?.content ?? {};
  const type = Object.keys(content).find((name) => /^application\/(.+\+)?json/.test(name));
  return type && `${responsePointer}/content/${pointerSegment(type)}/schema`;
};

const responsePointer = (operation: Operation, key: string) => {
  const entry = (atPointer(`${operation.pointer}/responses/${pointerSegment(key)}`) ?? {}) as { $ref?: string };
  return typeof entry.$ref === "string" ? entry.$ref.slice(1) : `${operation.pointer}/responses/${pointerSegment(key)}`;
};

function variantName(pointer: string): string {
  const branch = atPointer(pointer) as { $ref?: string; title?: string } | undefined;
  if (typeof branch?.$ref === "string") return branch.$ref.split("/").pop()!;
  if (typeof branch?.title === "string") return branch.title;
  const owner = [...pointer.matchAll(/\/components\/schemas\/([^/]+)/g)].pop()?.[1] ?? "response";
  const [, keyword, index] = pointer.match(/\/(oneOf|anyOf)\/(\d+)$/) ?? [];
  return `${owner} ${keyword}[${index}]`;
}

const variantsCache = new Map<string, ResponseVariant[]>();

/** The branches of every documented response schema of the operation, each once. */
export function documentedResponseVariants(operationId: string): ResponseVariant[] {
  let variants = variantsCache.get(operationId);
  if (!variants) {
    const operation = operationById(operationId);
    const pointers = operation.responses.flatMap((key) => {
      const schema = jsonSchema(responsePointer(operation, key));
      return schema ? branchesUnder(schema) : [];
    });
    const named = [...new Set(pointers)].map((pointer) => ({ pointer, name: variantName(pointer) }));
    // Two branches that read alike are told apart by their pointers.
    variants = named.map((variant) =>
      named.filter((other) => other.name === variant.name).length > 1 ? { ...variant, name: variant.pointer } : variant,
    );
    variantsCache.set(operationId, variants);
  }
  return variants;
}

/** The branches of the documented response schema for `status` that an answer's body matched, by pointer. */
export function matchedResponseVariants(operationId: string, status: number, body: string): string[] {
  const documented = documentedResponse(operationId, status);
  const schema = documented && jsonSchema(documented.pointer);
  if (!schema || !body) return [];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [];
  }
  return [...new Set(valueSites(value, schema).flatMap((site) => site.branches))];
}

const where = (place: Place) => `/${place.join("/")}`.replace(/^\/$/, "/");

// The rules of the schema objects at one place: each constraint keyword, each required property, a closed object.
function rulesOf(site: Pick<SchemaSite, "place" | "schema">, at: (place: Place) => string, presentNames?: Set<string>): RequestKeyword[] {
  const rules: RequestKeyword[] = [];
  const { schema, place } = site;
  for (const keyword of constraintKeywords) if (schema[keyword] !== undefined) rules.push({ rule: `${keyword} ${at(place)}`, keyword });
  for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
    if (!presentNames || presentNames.has(name)) rules.push({ rule: `required ${at([...place, name])}`, keyword: "required" });
  }
  if (schema.additionalProperties === false || schema.unevaluatedProperties === false) {
    rules.push({ rule: `additionalProperties ${at(place)}`, keyword: "additionalProperties" });
  }
  return rules;
}

const bodyAt = (place: Place) => `body ${where(place)}`;
const parameterAt = (place: "query" | "path", name: string) => (at: Place) => `${place} ${[name, ...at].join("/")}`;

const keywordsCache = new Map<string, RequestKeyword[]>();

/** Every constraint keyword of the operation's request: its body's schema and its path and query parameters'. */
export function documentedRequestKeywords(operationId: string): RequestKeyword[] {
  let keywords = keywordsCache.get(operationId);
  if (!keywords) {
    const operation = operationById(operationId);
    const found = [
      ...(operation.body ? schemaSites(operation.body.pointer).flatMap((site) => rulesOf(site, bodyAt)) : []),
      ...[...operation.pathParams, ...operation.queryParams].flatMap((parameter) => [
        ...(parameter.in === "query" && parameter.required ? [{ rule: `required query ${parameter.name}`, keyword: "required" }] : []),
        ...schemaSites(parameter.schemaPointer).flatMap((site) => rulesOf(site, parameterAt(parameter.in, parameter.name))),
      ]),
    ];
    keywords = [...new Map(found.map((keyword) => [keyword.rule, keyword])).values()];
    keywordsCache.set(operationId, keywords);
  }
  return keywords;
}

/**
 * The keywords a valid request exercised: every one at a place where it carried a value (a required property when
 * it carried that property). A parameter it sent exercises all of its schema's keywords.
 */
export function keywordsKeptBy(contractCase: ContractCase): string[] {
  const operation = operationById(contractCase.operationId);
  const rules: string[] = [];
  if (operation.body && contractCase.body !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(contractCase.body);
    } catch {
      value = undefined;
    }
    if (value !== undefined) {
      for (const site of valueSites(value, operation.body.pointer)) {
        const names = new Set(site.value && typeof site.value === "object" && !Array.isArray(site.value) ? Object.keys(site.value) : []);
        for (const schema of site.schemas) rules.push(...rulesOf(schema, bodyAt, names).map(({ rule }) => rule));
      }
    }
  }
  const sent = new Set([...operation.pathParams.map(({ name }) => name), ...contractCase.query.map(([name]) => name)]);
  for (const parameter of [...operation.pathParams, ...operation.queryParams]) {
    if (!sent.has(parameter.name)) continue;
    if (parameter.in === "query" && parameter.required) rules.push(`required query ${parameter.name}`);
    for (const site of schemaSites(parameter.schemaPointer)) {
      rules.push(...rulesOf(site, parameterAt(parameter.in, parameter.name)).map(({ rule }) => rule));
    }
  }
  return [...new Set(rules)];
}

// A negative case names the rule it broke at the place it broke it: `*` stands for any array index there already,
// while a name an open object allows is the name itself. "another variant's field" breaks the closed object.
const ruleMatcher = (rule: string) => new RegExp(`^${rule.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]+")}$`);

/** The documented keyword a negative case broke, by its rule; undefined for a rule that is no schema keyword (not JSON). */
export function keywordBrokenBy(operationId: string, breaks: string): string | undefined {
  const named = breaks.replace(/^another variant's field /, "additionalProperties ");
  return documentedRequestKeywords(operationId).find(({ rule }) => rule === named || ruleMatcher(rule).test(named))?.rule;
}
