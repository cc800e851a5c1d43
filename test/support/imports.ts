// What a source file imports, read from its text: the tests that hold folders to their import boundaries (the
// simulator's, and the rooms' one-way imports) scan with the same patterns.

/** Every module specifier in `source`: `from "…"`, `import("…")`, a bare `import "…"` and `require("…")`. */
export function importSpecifiers(source: string): string[] {
  return [
    ...source.matchAll(/\bfrom\s+["'`]([^"'`]+)["'`]/g),
    ...source.matchAll(/\bimport\s*\(\s*["'`]([^"'`]+)["'`]/g),
    ...source.matchAll(/\bimport\s+["'`]([^"'`]+)["'`]/g),
    ...source.matchAll(/\brequire\s*\(\s*["'`]([^"'`]+)["'`]/g),
  ].map((match) => match[1]!);
}
