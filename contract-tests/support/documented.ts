// Which of the spec's rules Nexor documents. A schema lists its own rules, the ones Nexor's docs do not state, in
// `x-nexor-contract-only` (docs/extensions.md); every other keyword is documented. A body the contract rules out is a
// documented negative, safe to send a live server, only when the spec without those keywords still rules it out.
import type { ValidateFunction } from "ajv/dist/2020.js";
import { documentValidators, spec } from "./spec.js";

/**
 * The spec with every contract-only keyword removed. Two more readings follow from that:
 * - where `additionalProperties` is contract-only, the properties a closed schema declares `false` (which only spell
 *   the closure out for the generated types) go with it;
 * - `oneOf` reads as `anyOf`: once the branches are open they overlap, and "exactly one" was how the spec kept the
 *   branches' types apart, not a rule of the docs.
 */
export function documentedOnly(document: unknown): unknown {
  if (Array.isArray(document)) return document.map(documentedOnly);
  if (!document || typeof document !== "object") return document;
  const node = document as Record<string, unknown>;
  const contractOnly = new Set(Array.isArray(node["x-nexor-contract-only"]) ? (node["x-nexor-contract-only"] as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (contractOnly.has(key)) continue;
    if (key === "properties" && contractOnly.has("additionalProperties") && value && typeof value === "object") {
      out.properties = documentedOnly(Object.fromEntries(Object.entries(value).filter(([, property]) => property !== false)));
      continue;
    }
    out[key === "oneOf" ? "anyOf" : key] = documentedOnly(value);
  }
  return out;
}

const documentedValidators = documentValidators(documentedOnly(spec) as object, "nexor:documented-only.json", false);

/** A validator for the schema at `pointer` that holds a value only to the rules Nexor documents. */
export function documentedValidatorAt(pointer: string): ValidateFunction {
  return documentedValidators(pointer);
}

// Made on the first call: only a run with a request body compiles parts, and registering the spec with Ajv again
// costs a process that runs only reads about 0.1 s.
let partValidators: ((pointer: string) => ValidateFunction) | undefined;

/**
 * A validator for a part of a schema compiled on its own (a `oneOf` branch, an `allOf` member): Ajv's strict mode
 * would ask such a part to restate the type its parent already states, so these are compiled without it.
 */
export function partValidatorAt(pointer: string): ValidateFunction {
  partValidators ??= documentValidators(spec, "nexor:parts.json", false);
  return partValidators(pointer);
}
