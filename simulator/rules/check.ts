// The answers a rule can refuse with, and the checks of a request's values that every rule shares.

/** A refusal: the status and the JSON body to answer with. Thrown by a rule, answered by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? body.error));
  }
}

/**
 * 400 in the `{error, message}` envelope the processor pages use for a validation error; every operation without a
 * documented body for its 400 uses it too.
 */
export const invalid = (message: string) => new ApiError(400, { error: "Validation error", message });

/** 404 in the `{error, message}` envelope: "<Thing> not found or does not belong to your account". */
export const notFound = (thing: string) =>
  new ApiError(404, { error: "Not found", message: `${thing} not found or does not belong to your account` });

/** The lead 404, worded as the is_paused page documents it. */
export const leadNotFound = () => notFound("Lead");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// An address with one @, no spaces, and a dot in the domain: the shape `string<email>` asks for, no more.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const isEmail = (value: unknown): value is string => typeof value === "string" && EMAIL.test(value);

/** The request body as an object, or 400: every write of the API takes a JSON object. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw invalid("the body must be a JSON object");
  return body;
}

/** A required non-empty string. */
export function requiredString(body: Record<string, unknown>, field: string, error = invalid(`${field} is required`)): string {
  const value = body[field];
  if (value === undefined || value === null || value === "") throw error;
  if (typeof value !== "string") throw invalid(`${field} must be a string`);
  return value;
}

/** An optional string; `nullable` also lets null through. */
export function optionalString(body: Record<string, unknown>, field: string, nullable?: false): string | undefined;
export function optionalString(body: Record<string, unknown>, field: string, nullable: true): string | null | undefined;
export function optionalString(body: Record<string, unknown>, field: string, nullable = false): string | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null && nullable) return null;
  if (typeof value !== "string") throw invalid(`${field} must be a string${nullable ? " or null" : ""}`);
  return value;
}

/** A required UUID. */
export function requiredUuid(body: Record<string, unknown>, field: string, error = invalid(`${field} is required`)): string {
  const value = body[field];
  if (value === undefined || value === null || value === "") throw error;
  if (!isUuid(value)) throw invalid(`${field} must be a UUID`);
  return value;
}

/** An optional UUID; `nullable` also lets null through. */
export function optionalUuid(body: Record<string, unknown>, field: string, nullable = false): string | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null && nullable) return null;
  if (!isUuid(value)) throw invalid(`${field} must be a UUID`);
  return value;
}

/** An optional boolean. */
export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw invalid(`${field} must be a boolean`);
  return value;
}

/** An optional value from a documented list. */
export function optionalEnum<T extends string>(body: Record<string, unknown>, field: string, values: readonly T[]): T | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !values.includes(value as T)) throw invalid(`${field} must be one of ${values.join(", ")}`);
  return value as T;
}

/** A path id: a UUID, or 400 naming the parameter (the docs type every id as a UUID and give no status for a malformed one). */
export function pathUuid(value: string, name: string): string {
  if (!isUuid(value)) throw invalid(`${name} must be a UUID`);
  return value;
}

/** An integer query parameter within bounds, or its default when absent. */
export function queryInteger(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) throw invalid(`${name} must be an integer`);
  const value = Number(raw);
  if (value < min || value > max) throw invalid(`${name} must be between ${min} and ${max}`);
  return value;
}

/** A UUID query parameter, or undefined when absent. */
export function queryUuid(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!isUuid(raw)) throw invalid(`${name} must be a UUID`);
  return raw;
}

/** A comma-separated query parameter whose every item is in a documented list, or undefined when absent. */
export function queryList<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T[] | undefined {
  // Comma-separated, as documented; a repeated parameter (`?status=a&status=b`) is read as the same list.
  const all = query.getAll(name);
  if (!all.length) return undefined;
  const items = all
    .join(",")
    .split(",")
    .map((item) => item.trim());
  for (const item of items)
    if (!values.includes(item as T)) throw invalid(`${name} must be a comma-separated list of ${values.join(", ")}`);
  return items as T[];
}

/** A single-valued query parameter from a documented list, or undefined when absent. */
export function queryEnum<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!values.includes(raw as T)) throw invalid(`${name} must be one of ${values.join(", ")}`);
  return raw as T;
}
