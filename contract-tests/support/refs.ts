// Local `$ref`s (`#/components/...`) of an OpenAPI document, followed without loading anything else: the mock's
// guide reads the bundle with it before Prism starts, and spec.ts resolves the bundled spec's references with it.

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
