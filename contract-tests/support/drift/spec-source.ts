// Where a node of the bundled spec is written in the spec's source files: openapi.yaml and the spec/ files its
// `$ref`s name. The bundle (generated/openapi.json) is what the runner reads; a person edits the source, so a drift
// patch names the source file and line. A pointer is followed from openapi.yaml one segment at a time, through every
// `$ref` on the way, exactly as the bundler followed them.
import { posix } from "node:path";
import { child, parseBlockYaml, refOf, type YamlNode } from "./block-yaml.js";
import { listSpecFolder, readSpecFile } from "./spec-files.js";

/** A node of a source file: the file (relative to the root, `/`-separated), its lines and the node. */
export interface SourceNode {
  file: string;
  lines: string[];
  node: YamlNode;
}

/** Reads source files once each; a file that is missing or not in the block style it reads is `undefined`. */
export class SpecSource {
  private readonly files = new Map<string, { lines: string[]; root: YamlNode } | undefined>();

  private file(path: string): { lines: string[]; root: YamlNode } | undefined {
    if (!this.files.has(path)) {
      const text = readSpecFile(path);
      try {
        this.files.set(path, text === undefined ? undefined : { lines: text.split("\n"), root: parseBlockYaml(text) });
      } catch {
        this.files.set(path, undefined);
      }
    }
    return this.files.get(path);
  }

  /** The source node of the bundled spec's `pointer` (`/components/schemas/Lead/properties`), or undefined. */
  locate(pointer: string): SourceNode | undefined {
    const segments = pointer
      .split("/")
      .slice(1)
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
    return this.walk("openapi.yaml", segments) ?? this.unlisted(segments);
  }

  // A component the root does not list (`InvalidParameter`) is one the bundler took from the file that defines it,
  // under its name there: spec/components/<kind>/*.yaml, whichever file has it as a top-level key.
  private unlisted(segments: string[]): SourceNode | undefined {
    const [components, kind, name] = segments;
    if (components !== "components" || !kind || !name) return undefined;
    const files = listSpecFolder(`spec/components/${kind}`).filter((file) => file.endsWith(".yaml"));
    for (const file of files.sort()) {
      const path = `spec/components/${kind}/${file}`;
      const root = this.file(path)?.root;
      if (root && child(root, name)) return this.walk(path, segments.slice(2));
    }
    return undefined;
  }

  private walk(start: string, segments: string[]): SourceNode | undefined {
    let file = start;
    let node = this.file(file)?.root;
    for (const segment of segments) {
      if (!node) return undefined;
      ({ file, node } = this.follow(file, node));
      if (!node) return undefined;
      node = child(node, segment);
    }
    if (!node) return undefined;
    ({ file, node } = this.follow(file, node));
    const lines = this.file(file)?.lines;
    return node && lines ? { file, lines, node } : undefined;
  }

  // Follows `$ref`s (to another file, `other.yaml#/Name`, or within the file, `#/Name`) until a node without one.
  private follow(file: string, node: YamlNode): { file: string; node: YamlNode | undefined } {
    for (let hops = 0; hops < 32; hops++) {
      const ref = refOf(node);
      if (ref === undefined) return { file, node };
      const [target = "", fragment = ""] = ref.split("#");
      const nextFile = target ? posix.normalize(posix.join(posix.dirname(file), target)) : file;
      let next = this.file(nextFile)?.root;
      for (const segment of fragment.split("/").filter(Boolean))
        next = next && child(next, segment.replaceAll("~1", "/").replaceAll("~0", "~"));
      if (!next) return { file: nextFile, node: undefined };
      file = nextFile;
      node = next;
    }
    return { file, node: undefined };
  }
}
