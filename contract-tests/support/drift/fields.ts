// The fields an answer carries that its documented schema does not declare, at any depth: inside open objects
// (every response object of this spec is open, so a validator sees nothing wrong), inside arrays' items, and inside
// the branches of a oneOf/anyOf that the value matches. A field is declared by `properties`, `patternProperties`,
// or an `additionalProperties` schema (a map whose values have a shape). An object inside the body whose schemas
// declare no field at all (`metadata: {type: object}`) is free-form: its keys are data, not drift. The body itself is
// never a map of data: an answer the docs do not show (any object) has each of its fields listed, which is how a
// live run learns what the undocumented answers hold.

import { applicableSchemas, type BranchChoice } from "../applicable-schemas.js";
import { pointerSegment } from "../spec.js";

/** A field no schema declares: where in the answer, the schema that should declare it, and its value. */
export interface UndeclaredField {
  /** JSON pointer of the field in the answer, array items by their index: `/templates/0/quality`. */
  at: string;
  /** The same pointer with every array index written `-`, so that one entry stands for every item. */
  place: string;
  /** JSON pointer (in the bundled spec) of the object schema whose `properties` should declare it. */
  owner: string;
  name: string;
  value: unknown;
}

/** Deeper than this the walk stops: a hostile body may nest far past any schema. */
export const maxDepth = 32;
/** The items of one array that are walked; one entry stands for every item, so the first ones find the fields. */
export const maxItems = 256;

type SchemaNode = Record<string, unknown>;

// The object schemas that apply to `value` at `pointer`: the schema itself, what it `$ref`s, its allOf members,
// and the oneOf/anyOf branches that accept the value (every branch when none does).
function applicable(pointer: string, value: unknown): Array<{ pointer: string; node: SchemaNode }> {
  const followed: BranchChoice = (all, matches) => {
    const matching = all.filter(matches);
    return matching.length ? matching : all;
  };
  return applicableSchemas(pointer, value, followed).schemas.map(({ pointer: at, schema }) => ({ pointer: at, node: schema }));
}

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/** Every field of `value` that the schema at `pointer` (in the bundled spec) does not declare. */
export function undeclaredFields(pointer: string, value: unknown): UndeclaredField[] {
  const found: UndeclaredField[] = [];
  walk(pointer, value, "", "", 0, found);
  return found;
}

function walk(pointer: string, value: unknown, atPath: string, place: string, depth: number, found: UndeclaredField[]): void {
  if (depth > maxDepth || value === null || typeof value !== "object") return;
  const schemas = applicable(pointer, value);
  if (Array.isArray(value)) {
    const items = schemas.filter(({ node }) => isObject(node.items)).map((schema) => `${schema.pointer}/items`);
    value.slice(0, maxItems).forEach((item, index) => {
      for (const itemPointer of items) walk(itemPointer, item, `${atPath}/${index}`, `${place}/-`, depth + 1, found);
    });
    return;
  }
  // The schema to declare a new field in: of those with properties, the one that declares most of the object's
  // fields (an email among anyOf's open branches is the message branch, not the first), the first on a tie.
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  let owner: { pointer: string; node: SchemaNode } | undefined;
  let best = -1;
  for (const schema of schemas) {
    const properties = schema.node.properties;
    if (!isObject(properties) || !Object.keys(properties).length) continue;
    const fits = keys.filter((key) => Object.hasOwn(properties, key)).length;
    if (fits > best) [owner, best] = [schema, fits];
  }
  const patterned = schemas.filter(({ node }) => isObject(node.patternProperties));
  for (const name of keys) {
    const child = object[name];
    const childAt = `${atPath}/${pointerSegment(name)}`;
    const childPlace = `${place}/${pointerSegment(name)}`;
    const declaring = schemas
      .filter(({ node }) => isObject(node.properties) && Object.hasOwn(node.properties, name))
      .map((schema) => `${schema.pointer}/properties/${pointerSegment(name)}`);
    for (const schema of patterned) {
      for (const pattern of Object.keys(schema.node.patternProperties as object)) {
        if (safeTest(pattern, name)) declaring.push(`${schema.pointer}/patternProperties/${pointerSegment(pattern)}`);
      }
    }
    if (!declaring.length) {
      declaring.push(
        ...schemas.filter(({ node }) => isObject(node.additionalProperties)).map((schema) => `${schema.pointer}/additionalProperties`),
      );
    }
    if (declaring.length) for (const childPointer of declaring) walk(childPointer, child, childAt, childPlace, depth + 1, found);
    else if (owner || patterned.length || (depth === 0 && schemas.length))
      found.push({ at: childAt, place: childPlace, owner: (owner ?? patterned[0] ?? schemas[0]!).pointer, name, value: child });
  }
}

function safeTest(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, "u").test(name);
  } catch {
    return false;
  }
}
