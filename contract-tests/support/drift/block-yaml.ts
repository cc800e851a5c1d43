// Just enough of YAML to find where a node of the spec's source files is written, line by line, so that a drift
// patch can insert beside it: block mappings and sequences, quoted keys, comments, block scalars (`|`, `>`) and
// one-line flow values kept as text. The spec's files are written in that style (Redocly's split layout, two-space
// indents); anything else is kept as an opaque scalar, never misread as structure. The values are not interpreted
// beyond what finding a node needs: a key, a `$ref`'s text, a sequence's items.

/** A node and the lines it spans (0-based, inclusive; `last` is its last line that is not blank or a comment). */
export type YamlNode =
  | { kind: "map"; indent: number; entries: YamlEntry[]; first: number; last: number }
  | { kind: "seq"; indent: number; items: YamlNode[]; first: number; last: number }
  | { kind: "scalar"; text: string; first: number; last: number };

export interface YamlEntry {
  key: string;
  /** The line of the key. */
  line: number;
  value: YamlNode;
  /** The entry's last line that is not blank or a comment. */
  last: number;
}

const keyPattern = /^('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s'"#\-[{][^#]*?|-[^\s][^#]*?)\s*:(?:\s+|$)/;

/** Parses the block YAML `text`; throws on a line it cannot place (the caller then gives no patch). */
export function parseBlockYaml(text: string): YamlNode {
  const lines = text.split("\n");
  // Sequence items that open a mapping on their own line (`- key: value`) are read as that mapping, indented past
  // the dash; the copy is only for reading, every line number stays the file's.
  const view = [...lines];
  const indentOf = (index: number) => view[index]!.length - view[index]!.trimStart().length;
  const insignificant = (index: number) => {
    const trimmed = view[index]!.trim();
    return trimmed === "" || trimmed.startsWith("#");
  };
  const skip = (index: number) => {
    while (index < view.length && insignificant(index)) index++;
    return index;
  };
  // The last line at or after `from` that belongs to a value indented past `indent`; -1 for none.
  const continuation = (from: number, indent: number) => {
    let last = -1;
    for (let index = from; index < view.length; index++) {
      if (view[index]!.trim() === "") continue;
      if (indentOf(index) <= indent) break;
      last = index;
    }
    return last;
  };

  function node(index: number, minIndent: number): [YamlNode | undefined, number] {
    index = skip(index);
    if (index >= view.length || indentOf(index) < minIndent) return [undefined, index];
    const trimmed = view[index]!.trimStart();
    return trimmed === "-" || trimmed.startsWith("- ") ? sequence(index, indentOf(index)) : mapping(index, indentOf(index));
  }

  function mapping(index: number, indent: number): [YamlNode, number] {
    const entries: YamlEntry[] = [];
    const first = index;
    for (index = skip(index); index < view.length && indentOf(index) === indent; index = skip(index)) {
      const trimmed = view[index]!.trimStart();
      if (trimmed === "-" || trimmed.startsWith("- ")) break;
      const match = keyPattern.exec(trimmed);
      if (!match) throw new Error(`line ${index + 1}: not a key`);
      const key = unquote(match[1]!);
      const rest = trimmed.slice(match[0].length).replace(/\s+#.*$/, "");
      const line = index;
      let value: YamlNode;
      if (rest === "") {
        const next = skip(index + 1);
        const nextTrimmed = next < view.length ? view[next]!.trimStart() : "";
        // `key:` followed by a sequence at the key's own indent is allowed in YAML.
        const sameIndentSequence = next < view.length && indentOf(next) === indent && (nextTrimmed === "-" || nextTrimmed.startsWith("- "));
        const [child, after] = sameIndentSequence ? sequence(next, indent) : node(index + 1, indent + 1);
        value = child ?? { kind: "scalar", text: "", first: line, last: line };
        index = child ? after : index + 1;
      } else {
        const last = Math.max(line, continuation(index + 1, indent));
        value = { kind: "scalar", text: rest.trim(), first: line, last };
        index = last + 1;
      }
      entries.push({ key, line, value, last: value.last });
    }
    const last = entries.at(-1)?.last ?? first;
    return [{ kind: "map", indent, entries, first, last }, index];
  }

  function sequence(index: number, indent: number): [YamlNode, number] {
    const items: YamlNode[] = [];
    const first = index;
    for (index = skip(index); index < view.length && indentOf(index) === indent; index = skip(index)) {
      const trimmed = view[index]!.trimStart();
      if (!(trimmed === "-" || trimmed.startsWith("- "))) break;
      const rest = trimmed.slice(1).trimStart();
      if (rest === "") {
        const [child, after] = node(index + 1, indent + 1);
        items.push(child ?? { kind: "scalar", text: "", first: index, last: index });
        index = child ? after : index + 1;
      } else if (keyPattern.test(rest)) {
        const at = view[index]!.indexOf(rest);
        view[index] = " ".repeat(at) + rest;
        const [child, after] = mapping(index, at);
        items.push(child);
        index = after;
      } else {
        const last = Math.max(index, continuation(index + 1, indent));
        items.push({ kind: "scalar", text: rest.replace(/\s+#.*$/, "").trim(), first: index, last });
        index = last + 1;
      }
    }
    return [{ kind: "seq", indent, items, first, last: items.at(-1)?.last ?? first }, index];
  }

  const [root, end] = node(0, 0);
  if (skip(end) < view.length) throw new Error(`line ${skip(end) + 1}: not placed`);
  return root ?? { kind: "map", indent: 0, entries: [], first: 0, last: 0 };
}

function unquote(key: string): string {
  if (key.startsWith("'")) return key.slice(1, -1).replaceAll("''", "'");
  if (key.startsWith('"')) return JSON.parse(key) as string;
  return key;
}

/** The child of a mapping by key, or of a sequence by index; undefined when there is none. */
export function child(node: YamlNode, segment: string): YamlNode | undefined {
  if (node.kind === "map") return node.entries.find((entry) => entry.key === segment)?.value;
  if (node.kind === "seq" && /^\d+$/.test(segment)) return node.items[Number(segment)];
  return undefined;
}

/** The text of a mapping's `$ref`, unquoted; undefined when it has none. */
export function refOf(node: YamlNode): string | undefined {
  if (node.kind !== "map") return undefined;
  const ref = node.entries.find((entry) => entry.key === "$ref")?.value;
  return ref?.kind === "scalar" ? unquote(ref.text) : undefined;
}
