// The schema objects of the bundled spec that apply to one value: the schema at a pointer, what it `$ref`s, its
// `allOf` members, and the `oneOf`/`anyOf` branches the caller picks among those the value matches. Coverage and
// drift read an answer against the same schemas this way; they differ only in which branches they follow. Walked with
// a stack of its own, each pointer once, so no `$ref` cycle can loop or overflow the call stack.
import { partValidatorAt } from "./documented.js";
import { atPointer } from "./operations.js";

/** One schema object that applies, by its pointer in the bundled spec. */
export interface AppliedSchema {
  pointer: string;
  schema: Record<string, unknown>;
}

/** Of a union's branches (`all`), the ones to follow; `matches` says whether the value validates against one. */
export type BranchChoice = (all: string[], matches: (branch: string) => boolean) => string[];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The schemas that apply to `value` at `root`, and the `oneOf`/`anyOf` branches followed (`…/anyOf/1`). */
export function applicableSchemas(root: string, value: unknown, choose: BranchChoice): { schemas: AppliedSchema[]; branches: string[] } {
  const schemas: AppliedSchema[] = [];
  const branches: string[] = [];
  const pending = [root];
  const seen = new Set<string>();
  for (let pointer = pending.pop(); pointer !== undefined; pointer = pending.pop()) {
    const schema = atPointer(pointer);
    if (!isObject(schema) || seen.has(pointer)) continue;
    seen.add(pointer);
    schemas.push({ pointer, schema });
    const next: string[] = [];
    if (typeof schema.$ref === "string" && schema.$ref.startsWith("#/")) next.push(schema.$ref.slice(1));
    if (Array.isArray(schema.allOf)) for (const index of schema.allOf.keys()) next.push(`${pointer}/allOf/${index}`);
    for (const keyword of ["oneOf", "anyOf"]) {
      const group = schema[keyword];
      if (!Array.isArray(group)) continue;
      const all = group.map((_, index) => `${pointer}/${keyword}/${index}`);
      const followed = choose(all, (branch) => partValidatorAt(branch)(value));
      branches.push(...followed);
      next.push(...followed);
    }
    // Reversed onto the stack, so that the schemas come in the spec's order: a schema, what it refers to, its allOf
    // members, then its branches, each followed through before the next.
    pending.push(...next.reverse());
  }
  return { schemas, branches };
}
