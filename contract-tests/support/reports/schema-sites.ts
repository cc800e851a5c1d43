// The places of a schema, for coverage: every schema object reachable from a pointer with the place in a value it
// constrains (statically, for what the spec documents), and every place of one value with the schema objects that
// applied to it and the `oneOf`/`anyOf` branches it matched (for what a case exercised). Both walk with a stack of
// their own and stop at a fixed depth and count, so that no schema cycle and no answer, however deep or wide, can
// overflow the call stack or hold a run up.

import { applicableSchemas } from "../applicable-schemas.js";
import { atPointer } from "../operations.js";
import { pointerSegment } from "../spec.js";

/**
 * A place in a value as coverage names it: property names, `*` for any array item and for any name an open object's
 * `additionalProperties` covers.
 */
export type Place = string[];

/** One schema object and the place it constrains. */
export interface SchemaSite {
  place: Place;
  pointer: string;
  schema: Record<string, unknown>;
}

// Deeper than any schema of the spec nests, shallow enough that a recursive `$ref` stops quickly.
const maxDepth = 16;
// Places of one value walked at most: an answer of a million objects is judged by its first few thousand places.
const maxNodes = 5_000;
// Array items walked: later ones repeat the same schemas.
const itemsWalked = 3;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const schemaAt = (pointer: string) => {
  const schema = atPointer(pointer);
  return isObject(schema) ? schema : undefined;
};

/** Every schema object reachable from `root`, through `$ref`, `allOf` and every `oneOf`/`anyOf` branch. */
export function schemaSites(root: string): SchemaSite[] {
  const sites: SchemaSite[] = [];
  const seen = new Set<string>();
  // Breadth first, so that the sites come in the spec's order: a schema, then what it applies, then its properties.
  const pending: Array<{ pointer: string; place: Place }> = [{ pointer: root, place: [] }];
  for (let index = 0; index < pending.length; index++) {
    const { pointer, place } = pending[index]!;
    const key = `${pointer}\u0000${place.join("/")}`;
    const schema = schemaAt(pointer);
    if (!schema || seen.has(key) || place.length > maxDepth) continue;
    seen.add(key);
    sites.push({ place, pointer, schema });
    if (typeof schema.$ref === "string" && schema.$ref.startsWith("#/")) pending.push({ pointer: schema.$ref.slice(1), place });
    for (const keyword of ["allOf", "oneOf", "anyOf"]) {
      ((schema[keyword] ?? []) as unknown[]).forEach((_, index) => {
        pending.push({ pointer: `${pointer}/${keyword}/${index}`, place });
      });
    }
    for (const [name, property] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
      if (property !== false) pending.push({ pointer: `${pointer}/properties/${pointerSegment(name)}`, place: [...place, name] });
    }
    if (isObject(schema.items)) pending.push({ pointer: `${pointer}/items`, place: [...place, "*"] });
    if (isObject(schema.additionalProperties)) pending.push({ pointer: `${pointer}/additionalProperties`, place: [...place, "*"] });
  }
  return sites;
}

/** The `oneOf`/`anyOf` branches reachable from `root`, by pointer (`…/anyOf/1`). */
export function branchesUnder(root: string): string[] {
  return [
    ...new Set(
      schemaSites(root).flatMap(({ pointer, schema }) =>
        ["oneOf", "anyOf"].flatMap((keyword) => ((schema[keyword] ?? []) as unknown[]).map((_, index) => `${pointer}/${keyword}/${index}`)),
      ),
    ),
  ];
}

/** One place of a value: the schema objects that applied to it, and the branches it matched there. */
export interface ValueSite {
  place: Place;
  value: unknown;
  schemas: SchemaSite[];
  branches: string[];
}

/**
 * Every place of `value` read against the schema at `root`: `$ref`s followed, `allOf` members gathered, and of a
 * `oneOf`/`anyOf` the branches the value matches there and fits best (see `closestBranches`).
 */
export function valueSites(value: unknown, root: string): ValueSite[] {
  const sites: ValueSite[] = [];
  const pending: Array<{ value: unknown; pointer: string; place: Place }> = [{ value, pointer: root, place: [] }];
  for (let next = pending.pop(); next && sites.length < maxNodes; next = pending.pop()) {
    const site = applied(next.value, next.pointer, next.place);
    sites.push(site);
    if (next.place.length >= maxDepth) continue;
    const { schemas } = site;
    if (Array.isArray(next.value)) {
      const items = schemas.find(({ schema }) => isObject(schema.items));
      if (items) {
        for (const element of next.value.slice(0, itemsWalked)) {
          pending.push({ value: element, pointer: `${items.pointer}/items`, place: [...next.place, "*"] });
        }
      }
      continue;
    }
    if (!isObject(next.value)) continue;
    for (const [name, child] of Object.entries(next.value)) {
      const declared = schemas.find(({ schema }) => isObject(schema.properties) && isObject(schema.properties[name]));
      if (declared) {
        pending.push({ value: child, pointer: `${declared.pointer}/properties/${pointerSegment(name)}`, place: [...next.place, name] });
        continue;
      }
      const open = schemas.find(({ schema }) => isObject(schema.additionalProperties));
      if (open) pending.push({ value: child, pointer: `${open.pointer}/additionalProperties`, place: [...next.place, "*"] });
    }
  }
  return sites;
}

// The schema objects at `root` that apply to `value`, through $ref, allOf and the matching oneOf/anyOf branches it fits best.
function applied(value: unknown, root: string, place: Place): ValueSite {
  const { schemas, branches } = applicableSchemas(root, value, (all, matches) => closestBranches(all.filter(matches), value));
  return { place, value, schemas: schemas.map((schema) => ({ place, ...schema })), branches };
}

// Of the branches a value validates against, the ones it fits best. Open branches overlap (an object with no
// required field matches each of them), so validation alone would count every branch of an open union as matched
// by any answer. An object is taken to be of the branches that declare the most of its property names; a tie, or a
// value that is no object, keeps them all.
function closestBranches(matching: string[], value: unknown): string[] {
  if (matching.length < 2 || !isObject(value)) return matching;
  const names = Object.keys(value);
  const scores = matching.map((branch) => {
    const declared = declaredNames(branch);
    return names.filter((name) => declared.has(name)).length;
  });
  const best = Math.max(...scores);
  return matching.filter((_, index) => scores[index] === best);
}

const declaredCache = new Map<string, Set<string>>();

// The property names a schema declares itself or through its `$ref` and `allOf` members (not its own unions').
function declaredNames(root: string): Set<string> {
  let names = declaredCache.get(root);
  if (names) return names;
  names = new Set<string>();
  for (const { schema } of applicableSchemas(root, undefined, () => []).schemas) {
    for (const [name, property] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
      if (property !== false) names.add(name);
    }
  }
  declaredCache.set(root, names);
  return names;
}
