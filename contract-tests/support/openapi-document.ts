// Reading an OpenAPI document without loading anything else (no Ajv, no parsed spec): which keys of a path item are
// operations, and where a local `$ref` (`#/components/...`) leads. The mock's guide reads the bundle with these before
// Prism starts; spec.ts and the planner's operations read the bundled spec with them.

/** The keys of a path item that are operations. */
export const httpMethods: readonly string[] = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** Follows a local `$ref` in `document`, and any `$ref` it lands on, to the object it names. */
export function resolveRefIn<T>(document: unknown, value: T | { $ref: string }): T {
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string") {
    const target = value.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part.replaceAll("~1", "/").replaceAll("~0", "~")], document);
    return resolveRefIn(document, target as T | { $ref: string });
  }
  return value as T;
}
