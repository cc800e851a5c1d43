// Pairs each place in a valid value with the spec's schemas that apply there, so that a mutation can break exactly
// one keyword of one schema: `$ref`s followed, `allOf` members gathered, and of a `oneOf`/`anyOf` the branch the value
// matches (its sibling branches kept, to borrow another variant's field).

import { partValidatorAt } from "../documented.js";
import { atPointer, type Schema } from "../operations.js";
import { pointerSegment } from "../spec.js";

/** A schema that applies at some place, and where it sits in the spec. */
export interface AppliedSchema {
  pointer: string;
  schema: Record<string, unknown>;
}

/** One place in a value: where it is, what it holds, and every schema object that applies to it. */
export interface ValueNode {
  /** Property names and array indexes from the root: `["components", 0, "type"]`. */
  path: Array<string | number>;
  value: unknown;
  schemas: AppliedSchema[];
  /** For a value that matched one branch of a `oneOf`/`anyOf`: the other branches. */
  siblings: AppliedSchema[];
}

// Arrays are walked through their first few elements: later ones repeat the same schemas.
const elementsWalked = 3;

/** Every place in `value` (itself included, depth first), read against the schema at `pointer`. */
export function walkValue(value: unknown, pointer: string): ValueNode[] {
  const nodes: ValueNode[] = [];
  (function visit(current: unknown, at: string, path: Array<string | number>): void {
    const siblings: AppliedSchema[] = [];
    const schemas = applicable(at, current, siblings);
    nodes.push({ path, value: current, schemas, siblings });
    if (Array.isArray(current)) {
      const items = schemas.find(({ schema }) => schema.items !== undefined && typeof schema.items === "object");
      if (!items) return;
      for (const [index, element] of current.slice(0, elementsWalked).entries()) visit(element, `${items.pointer}/items`, [...path, index]);
      return;
    }
    if (!isObject(current)) return;
    for (const [name, child] of Object.entries(current)) {
      const declared = schemas.find(({ schema }) => isObject(schema.properties) && name in schema.properties);
      if (declared) {
        visit(child, `${declared.pointer}/properties/${pointerSegment(name)}`, [...path, name]);
        continue;
      }
      const open = schemas.find(({ schema }) => isObject(schema.additionalProperties));
      if (open) visit(child, `${open.pointer}/additionalProperties`, [...path, name]);
    }
  })(value, pointer, []);
  return nodes;
}

// The schema objects at `pointer` that apply to `value`, through $ref, allOf and the matching oneOf/anyOf branch.
function applicable(pointer: string, value: unknown, siblings: AppliedSchema[]): AppliedSchema[] {
  const schema = atPointer(pointer) as Schema | undefined;
  if (!isObject(schema)) return [];
  const out: AppliedSchema[] = [{ pointer, schema }];
  if (typeof schema.$ref === "string" && schema.$ref.startsWith("#/")) out.push(...applicable(schema.$ref.slice(1), value, siblings));
  ((schema.allOf ?? []) as unknown[]).forEach((_, index) => {
    out.push(...applicable(`${pointer}/allOf/${index}`, value, siblings));
  });
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const branches = (schema[keyword] ?? []) as unknown[];
    if (!branches.length) continue;
    const pointers = branches.map((_, index) => `${pointer}/${keyword}/${index}`);
    const matched = pointers.find((branch) => partValidatorAt(branch)(value));
    if (matched === undefined) continue;
    out.push(...applicable(matched, value, siblings));
    for (const other of pointers.filter((branch) => branch !== matched)) siblings.push(...applicable(other, undefined, []));
  }
  return out;
}

/** A plain object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The keyword's value in the first applied schema that has it, with that schema's pointer. */
export function keywordOf(node: Pick<ValueNode, "schemas">, keyword: string): { value: unknown; pointer: string } | undefined {
  const owner = node.schemas.find(({ schema }) => schema[keyword] !== undefined);
  return owner && { value: owner.schema[keyword], pointer: owner.pointer };
}

/** A path as a report shows it: `/components/0/type`, or `/` for the root. */
export function showPath(path: ReadonlyArray<string | number>): string {
  return path.length ? `/${path.join("/")}` : "/";
}

/** A path with array indexes generalised, naming a rule rather than one instance: `/components/*\/type`. */
export function rulePath(path: ReadonlyArray<string | number>): string {
  return showPath(path.map((part) => (typeof part === "number" ? "*" : part)));
}

/** A deep copy of `value` with the value at `path` replaced, or removed when `replacement` is `remove`. */
export function replaceAt(value: unknown, path: ReadonlyArray<string | number>, replacement: unknown): unknown {
  if (!path.length) return replacement === remove ? undefined : replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>((node, part) => node[part] as Record<string | number, unknown>, copy);
  const last = path[path.length - 1]!;
  if (replacement !== remove) parent[last] = replacement;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

/** Passed to `replaceAt` to remove the value at a path. */
export const remove = Symbol("remove");
