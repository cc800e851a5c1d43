// Values for path and query parameters, and how they travel: a path segment is text, a query parameter is one or
// more `name=value` pairs (arrays repeated, or joined with commas when the spec says `explode: false`).
import { randomUUID } from "node:crypto";
import { createGeneratorSync } from "json-schema-faker";
import type { Parameter } from "../operations.js";
import { spec, validatorAt } from "../spec.js";

/** The path parameters of a request by name (raw, not yet encoded), and its query as ordered pairs. */
export interface RequestParameters {
  path: Record<string, string>;
  query: Array<[string, string]>;
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is shaped like a UUID. */
export const isUuid = (value: unknown): boolean => typeof value === "string" && uuidShape.test(value);

/**
 * A fresh random UUID. Ids are drawn from the system's secure random source, not from the seed: a replayed run sends
 * the same cases, but never to the same ids, so no run can aim at an id an earlier one saw answered.
 */
export const freshId = (): string => randomUUID();

/**
 * A function that gives every UUID in a text a fresh random replacement, the same one each time it meets the same
 * UUID: each case of a plan aims at ids of its own, while the ids within one request keep referring to each other.
 */
export function idRenewer(): (text: string) => string {
  const renewed = new Map<string, string>();
  return (text) =>
    text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => {
      if (!renewed.has(id)) renewed.set(id, freshId());
      return renewed.get(id)!;
    });
}

/** Whether a parameter's schema says it holds a UUID. */
export function holdsUuid(parameter: Parameter): boolean {
  return parameter.schema.format === "uuid";
}

/**
 * A valid value for a parameter: a fresh random id for a UUID, else the parameter's example, its schema's first
 * example, default or enum value, else one json-schema-faker generates with `seed`.
 */
export function parameterValue(parameter: Parameter, seed: number): unknown {
  if (holdsUuid(parameter)) return freshId();
  const schema = parameter.schema as { examples?: unknown[]; default?: unknown; enum?: unknown[] };
  const candidates = [parameter.example, schema.examples?.[0], schema.default, schema.enum?.[0]];
  const validate = validatorAt(parameter.schemaPointer);
  const known = candidates.find((candidate) => candidate !== undefined && validate(candidate));
  if (known !== undefined) return known;
  return generatedParameterValue(parameter, seed);
}

/** A value json-schema-faker generates for the parameter with `seed`, checked against its schema. */
export function generatedParameterValue(parameter: Parameter, seed: number): unknown {
  if (holdsUuid(parameter)) return freshId();
  const generator = createGeneratorSync({ seed, maxDepth: 10, maxItems: 3 });
  const value = generator.generate({ ...parameter.schema, components: spec.components });
  if (!validatorAt(parameter.schemaPointer)(value)) {
    throw new Error(`json-schema-faker made an invalid value for the ${parameter.in} parameter ${parameter.name} with seed ${seed}`);
  }
  return value;
}

/** A parameter's value as the text it travels as: one string per `name=value` pair. */
export function toWire(parameter: Parameter, value: unknown): string[] {
  const text = (item: unknown) => (typeof item === "string" ? item : JSON.stringify(item));
  if (Array.isArray(value)) return parameter.explode && parameter.in === "query" ? value.map(text) : [value.map(text).join(",")];
  return [text(value)];
}

/** What a server reads from a parameter's text, typed as its schema says (numbers, booleans, arrays). */
export function fromWire(parameter: Parameter, texts: string[]): unknown {
  const typed = (text: string, schema: Record<string, unknown>): unknown => {
    const types = [schema.type].flat();
    if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
    return text;
  };
  const schema = parameter.schema;
  if ([schema.type].flat().includes("array")) {
    const items = (schema.items ?? {}) as Record<string, unknown>;
    const parts = parameter.explode && parameter.in === "query" ? texts : (texts[0] ?? "").split(",");
    return parts.map((part) => typed(part, items));
  }
  return texts[0] === undefined ? undefined : typed(texts[0], schema);
}

/** The query pairs of `values` (parameters left out where the value is undefined). */
export function queryPairs(parameters: Parameter[], values: Record<string, unknown>): Array<[string, string]> {
  return parameters.flatMap((parameter) =>
    values[parameter.name] === undefined
      ? []
      : toWire(parameter, values[parameter.name]).map((text) => [parameter.name, text] as [string, string]),
  );
}

/** The path of a request: the template with each `{name}` replaced by its encoded value. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the path parameter ${name} of ${template}`);
    return encodeURIComponent(value);
  });
}
