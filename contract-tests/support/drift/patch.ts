// The smallest spec change that declares a drift entry, as a unified diff of the source file that holds the node:
// one key added at the end of a mapping (creating the mapping, `properties:` or `headers:`, when it is not there),
// with three lines of context either side, so that `git apply` or `patch -p1` applies it to a copy of the repository.
import type { YamlNode } from "./block-yaml.js";
import type { SpecSource } from "./spec-source.js";

/** A value written as block YAML: strings, numbers, booleans, lists of those, and mappings of all of them. */
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue };

const plainKey = /^[A-Za-z_$][\w$.-]*$/;
const reserved = /^(y|yes|n|no|on|off|true|false|null|~)$/i;

// A name a server chose may hold a line break or any other character: written as a JSON string with every character
// outside printable ASCII escaped (JSON is YAML's double-quoted style), it stays on its one line of the patch, so no
// server can add lines of its own to a patch a person applies.
const printable = /^[\x20-\x7e]*$/;
const escapedJson = (text: string) =>
  JSON.stringify(text).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** A mapping key as YAML writes it: plain when it can be, single-quoted otherwise (`'200'`, `'x:y'`), escaped when it holds more than printable ASCII. */
export function yamlKey(key: string): string {
  if (!printable.test(key)) return escapedJson(key);
  return plainKey.test(key) && !reserved.test(key) ? key : `'${key.replaceAll("'", "''")}'`;
}

function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== "string") return String(value);
  if (!printable.test(value)) return escapedJson(value);
  const plain = /^[A-Za-z_][\w .,()/-]*$/.test(value) && !reserved.test(value) && !/[\s]$/.test(value);
  return plain ? value : `'${value.replaceAll("'", "''")}'`;
}

/** `key: value` as block YAML lines indented by `indent` spaces. */
export function yamlLines(key: string, value: YamlValue, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (!value.length) return [`${pad}${yamlKey(key)}: []`];
    return [`${pad}${yamlKey(key)}:`, ...value.map((item) => `${pad}  - ${yamlScalar(item as string)}`)];
  }
  if (typeof value === "object") {
    const entries = Object.entries(value);
    if (!entries.length) return [`${pad}${yamlKey(key)}: {}`];
    return [`${pad}${yamlKey(key)}:`, ...entries.flatMap(([name, inner]) => yamlLines(name, inner, indent + 2))];
  }
  return [`${pad}${yamlKey(key)}: ${yamlScalar(value)}`];
}

/**
 * The patch that adds `key: value` to the mapping at `path` below the node of the bundled spec at `pointer`
 * (`path` [`properties`] under a schema, [`headers`] under a response), creating the mappings of `path` that are
 * missing. Undefined when the node cannot be found in the source or is not written as a block mapping.
 */
export function addKeyPatch(source: SpecSource, pointer: string, path: string[], key: string, value: YamlValue): string | undefined {
  const located = source.locate(pointer);
  if (located?.node.kind !== "map") return undefined;
  let node: YamlNode = located.node;
  let missing = [...path];
  while (missing.length) {
    const entry: YamlNode | undefined =
      node.kind === "map" ? node.entries.find((candidate) => candidate.key === missing[0])?.value : undefined;
    if (!entry) break;
    if (entry.kind !== "map" || !entry.entries.length) return undefined;
    node = entry;
    missing = missing.slice(1);
  }
  if (node.kind !== "map") return undefined;
  const indent = node.entries.length ? node.indent : node.indent + 2;
  const wrapped = missing.reduceRight<YamlValue>((inner, name) => ({ [name]: inner }), { [key]: value });
  const [outer, inner] = Object.entries(wrapped)[0]!;
  return unifiedInsert(located.file, located.lines, node.last, yamlLines(outer, inner, indent));
}

/** A unified diff inserting `added` after the 0-based line `after` of `file`, whose lines are `lines`. */
export function unifiedInsert(file: string, lines: readonly string[], after: number, added: readonly string[]): string {
  // A file ending in a newline splits into a last empty string, which is not a line.
  const count = lines.at(-1) === "" ? lines.length - 1 : lines.length;
  const from = Math.max(0, after - 2);
  const to = Math.min(count - 1, after + 3);
  const before = lines.slice(from, after + 1);
  const behind = lines.slice(after + 1, to + 1);
  const context = before.length + behind.length;
  return [
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -${from + 1},${context} +${from + 1},${context + added.length} @@`,
    ...before.map((line) => ` ${line}`),
    ...added.map((line) => `+${line}`),
    ...behind.map((line) => ` ${line}`),
    "",
  ].join("\n");
}
