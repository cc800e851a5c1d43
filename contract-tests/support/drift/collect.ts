// Drift: what the answers of a run carried that the spec does not declare. Undocumented statuses, media types and
// headers, and fields at any depth (see fields.ts). Each entry is counted once per answer that carried it and comes
// with the smallest spec change that would declare it, as a patch of the source file that holds the node. Drift is
// information, not a broken promise: it changes no check's verdict.
//
// Bounded whatever a server sends: at most `maxEntries` entries (every further one is only counted), an example of
// at most `maxExample` characters, and the walk of a body is bounded in depth and items (fields.ts).

import { mediaMatches, mediaType, parseJson } from "../checks/body.js";
import type { Exchange } from "../checks/types.js";
import { operationById } from "../operations.js";
import { redact } from "../redact.js";
import { pointerSegment } from "../spec.js";
import { undeclaredFields } from "./fields.js";
import { addKeyPatch, type YamlValue } from "./patch.js";
import { SpecSource } from "./spec-source.js";
import { isStandardHeader } from "./standard-headers.js";

export type DriftKind = "status" | "content-type" | "header" | "field";

/** One thing the answers carried that the spec does not declare: a record `{"type":"drift",…}` of the NDJSON report. */
export interface DriftEntry {
  type: "drift";
  kind: DriftKind;
  operationId: string;
  /** The status of the first answer that carried it. */
  status: number;
  /** A JSON pointer into the body (array items as `-`), a header name, a status, or a media type. */
  place: string;
  /** The value as the first answer carried it, redacted, cut to `maxExample` characters. */
  example: string;
  /** How many answers carried it. */
  answers: number;
  /** In a sentence: what the patch declares, and where. */
  change: string;
  /** The source file the patch changes. */
  file?: string;
  /** The unified diff that declares it (`git apply` / `patch -p1` at the repository's root); absent when not found. */
  patch?: string;
}

/** What a run's drift came to: the entries, and how many more were only counted. */
export interface DriftReport {
  entries: DriftEntry[];
  /** Entries past `maxEntries`, counted but not listed. */
  unlisted: number;
  /** Set when even the counting stopped (at `maxCounted`): there were more than `unlisted`. */
  uncounted?: true;
}

export const maxEntries = 100;
export const maxExample = 120;
/** Past the listed entries, this many more are told apart and counted; beyond it, only "more" is known. */
export const maxCounted = 10_000;

interface Pending {
  entry: Omit<DriftEntry, "change" | "patch" | "file">;
  /** How the patch is built at the end, once every answer has been heard. */
  declare: { pointer: string; path: string[]; key: string; value: () => YamlValue; change: string };
  types: Set<string>;
}

const typeOf = (value: unknown) =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "array"
      : Number.isInteger(value)
        ? "integer"
        : typeof value === "number"
          ? "number"
          : typeof value;

const sourceTypes = (types: Set<string>): YamlValue => {
  const list = [...types].filter((type) => !(type === "integer" && types.has("number")));
  return list.length === 1 ? list[0]! : list;
};

/** Hears every answer of a run and keeps its drift, bounded. */
export class DriftCollector {
  private readonly pending = new Map<string, Pending>();
  private readonly unlistedKeys = new Set<string>();
  private uncounted = false;

  constructor(private readonly source = new SpecSource()) {}

  /** Records the drift of one answer. */
  hear(exchange: Exchange): void {
    const { response, operationId, secrets } = exchange;
    if (response.tooLarge !== undefined) return;
    // A name is printed too, so a server that echoes the key as a header or field name gets it redacted there as well:
    // as a header name it arrives lower-cased, and inside a JSON pointer with `/` and `~` escaped.
    const nameSecrets = secrets.flatMap((secret) => [secret, secret.toLowerCase(), pointerSegment(secret)]);
    const seen = new Set<string>();
    const note = (key: string, make: () => Omit<Pending, "types">, value?: unknown) => {
      let pending = this.pending.get(key);
      if (!pending) {
        if (this.pending.size >= maxEntries) {
          // Past the cap only the count of distinct entries grows, and the set that counts them is capped too.
          if (this.unlistedKeys.size < maxCounted) this.unlistedKeys.add(key);
          else if (!this.unlistedKeys.has(key)) this.uncounted = true;
          return;
        }
        pending = { ...make(), types: new Set() };
        this.pending.set(key, pending);
      }
      if (value !== undefined) pending.types.add(typeOf(value));
      if (!seen.has(key)) {
        seen.add(key);
        pending.entry.answers++;
      }
    };
    // Fields as JSON (a string quoted), headers and bodies as text on one line; redacted before they are cut.
    const example = (value: unknown, asText = false) => cut(redact(asText ? String(value).replace(/\s+/g, " ") : preview(value), secrets));
    const base = { type: "drift" as const, operationId, status: response.status, answers: 0 };
    const contentType = response.headers["content-type"];
    const type = mediaType(contentType);
    const { method, path } = operationById(operationId);
    const operationPointer = `/paths/${pointerSegment(path)}/${method.toLowerCase()}`;

    const documented = exchange.documented;
    if (!documented) {
      const status = String(response.status);
      note(`${operationId} status ${status}`, () => ({
        entry: { ...base, kind: "status", place: status, example: example(response.body || "(empty body)", true) },
        declare: {
          pointer: operationPointer,
          path: ["responses"],
          key: status,
          value: () => ({
            description: "Seen in a live run; not in the docs.",
            ...(type && response.body !== "" && { content: { [type]: {} } }),
          }),
          change: `declare the ${status} response of ${operationId}${type && response.body !== "" ? ` (as ${type})` : ""}`,
        },
      }));
      return;
    }

    // Headers the documented response does not list, standard ones aside.
    const listed = new Set(Object.keys(documented.response.headers ?? {}).map((name) => name.toLowerCase()));
    for (const [name, value] of Object.entries(response.headers)) {
      // A name is printed too: a server that echoes the key as a header or field name gets it redacted there as well.
      const lower = redact(name.toLowerCase(), nameSecrets);
      if (isStandardHeader(lower) || listed.has(lower)) continue;
      note(`${operationId} header ${documented.key} ${lower}`, () => ({
        entry: { ...base, kind: "header", place: lower, example: example(value, true) },
        declare: {
          pointer: documented.pointer,
          path: ["headers"],
          key: lower,
          value: () => ({ description: "Seen in a live run; not in the docs.", schema: { type: "string" } }),
          change: `declare the ${lower} header of the ${documented.key} response`,
        },
      }));
    }

    // A media type the documented response does not list (a body without a Content-Type is content_type_conformance's).
    const ranges = Object.keys(documented.response.content ?? {});
    if (type && response.body !== "" && !ranges.some((range) => mediaMatches(range, type))) {
      note(`${operationId} content-type ${documented.key} ${type}`, () => ({
        entry: { ...base, kind: "content-type", place: type, example: example(contentType, true) },
        declare: {
          pointer: documented.pointer,
          path: ["content"],
          key: type,
          value: () => ({}),
          change: `declare ${type} for the ${documented.key} response`,
        },
      }));
      return;
    }

    // Fields, when the body is JSON and its media type has a schema.
    const range = type && ranges.find((candidate) => mediaMatches(candidate, type));
    if (!range || documented.response.content?.[range]?.schema === undefined || !/json/.test(range)) return;
    const parsed = parseJson(response.body);
    if ("error" in parsed) return;
    const schemaPointer = `${documented.pointer}/content/${pointerSegment(range)}/schema`;
    for (const found of undeclaredFields(schemaPointer, parsed.value)) {
      const field = { ...found, name: redact(found.name, nameSecrets), place: redact(found.place, nameSecrets) };
      note(
        `${operationId} field ${documented.key} ${field.place}`,
        () => ({
          entry: { ...base, kind: "field", place: field.place, example: example(field.value) },
          declare: {
            pointer: field.owner,
            path: ["properties"],
            key: field.name,
            value: () => ({ type: sourceTypes(this.pending.get(`${operationId} field ${documented.key} ${field.place}`)!.types) }),
            change: `declare ${JSON.stringify(field.name)} in the properties of ${field.owner}`,
          },
        }),
        field.value,
      );
    }
  }

  /** The drift heard so far, each entry with its patch. */
  report(): DriftReport {
    const entries = [...this.pending.values()].map(({ entry, declare }) => {
      const value = declare.value();
      const patch = addKeyPatch(this.source, declare.pointer, declare.path, declare.key, value);
      const change =
        declare.change +
        (typeof value === "object" && !Array.isArray(value) && value.type ? ` as ${[value.type].flat().join(" or ")}` : "");
      return { ...entry, change, ...(patch && { file: patch.split("\n")[0]!.slice("--- a/".length), patch }) };
    });
    return { entries, unlisted: this.unlistedKeys.size, ...(this.uncounted && { uncounted: true as const }) };
  }
}

function cut(text: string): string {
  return text.length <= maxExample ? text : `${text.slice(0, maxExample)}… (${text.length - maxExample} more characters)`;
}

/**
 * `value` as JSON, but never much longer than an example is shown nor deeper than a few levels (a hostile body nests
 * past what JSON.stringify survives): what is left out is written `…`. Strings are kept whole so that a key inside one
 * is redacted whole before the cut.
 */
export function preview(value: unknown, depth = 0, budget = { left: maxExample * 4 }): string {
  if (budget.left <= 0) return "…";
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value) ?? "null";
    budget.left -= text.length;
    return text;
  }
  if (depth >= 8) return Array.isArray(value) ? "[…]" : "{…}";
  const parts: string[] = [];
  const entries = Array.isArray(value) ? value.map((item) => [undefined, item] as const) : Object.entries(value);
  for (const [key, item] of entries) {
    if (budget.left <= 0) {
      parts.push("…");
      break;
    }
    const head = key === undefined ? "" : `${JSON.stringify(key)}:`;
    budget.left -= head.length + 1;
    parts.push(head + preview(item, depth + 1, budget));
  }
  return Array.isArray(value) ? `[${parts.join(",")}]` : `{${parts.join(",")}}`;
}
