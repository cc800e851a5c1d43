// What the request core knows of an operation: one entry of the method tree `npm run generate` writes from the spec
// (generated/operations.ts). Policy comes from the spec's x-nexor-* extensions, never from code.
import type { RequestSchema } from "../../generated/request-schemas.js";

/** How a query parameter is written into the URL (OpenAPI `style: form`). */
export interface QueryParameter {
  name: string;
  /** An array as `name=a&name=b` (true) or `name=a,b` (false). */
  explode: boolean;
}

/** One operation of the API, as the client calls it. */
export interface Operation {
  method: string;
  /** The path template, e.g. `/leads/{id}/tags`. */
  path: string;
  /** The path parameters in the order they appear in the template: the method's positional ids. */
  pathParams: readonly string[];
  query?: readonly QueryParameter[];
  /** Whether the operation takes a JSON body, and whether it must. */
  body?: "required" | "optional";
  /** Repeating it has the effect of sending it once (x-nexor-idempotent; every GET). */
  idempotent?: boolean;
  /** It is idempotent only when the body carries all these fields (x-nexor-idempotent-when). */
  idempotentWhen?: readonly string[];
  /** Whom it may reach outside the API (x-nexor-contacts): `lead`, `host`. */
  contacts?: readonly string[];
  /** It reaches them only when the body carries one of these fields (x-nexor-contacts-when). */
  contactsWhen?: readonly string[];
  /** A 2xx whose body has this field false reports the action was not done (x-nexor-success-flag). */
  successFlag?: string;
  /** What to check before trying again, by status or `unsuccessful` (x-nexor-hints). */
  hints?: Readonly<Record<string, string>>;
  /** A list paged by limit and offset (x-nexor-pagination): the items' field, the total's, the default limit. */
  pagination?: { items: string; total?: string; pageSize: number };
  /** The success body is an envelope holding the resource under this property, or the bare resource (x-nexor-envelope). */
  envelope?: string;
  /** The JSON body's schema, checked before sending. */
  schema?: RequestSchema;
  /** The path and query parameters' schemas, each place as one object schema. */
  parameters?: { path?: RequestSchema; query?: RequestSchema };
}

/**
 * An operation as the generated tree (generated/operations.ts) holds it: what cannot be derived, defaults left out.
 * `body` is left out where a schema makes it "required", and `parameters.path` where every path parameter is a uuid;
 * the query parameters are the properties of `parameters.query`.
 */
export interface OperationEntry extends Omit<Operation, "method" | "path" | "pathParams" | "query"> {
  /** Method and path template: `GET /leads/{id}`. */
  route: string;
  /** The query parameters written `name=a,b` rather than `name=a&name=b`. */
  unexploded?: readonly string[];
}

/** The client's methods by resource: a node with a route is a method's operation, any other a resource. */
export type MethodTree = { readonly [name: string]: OperationEntry | MethodTree };

/** An operation of the generated tree, with what the entry leaves to derive. */
export function expand(entry: OperationEntry): Operation {
  const [method = "", path = ""] = entry.route.split(" ");
  const { route: _route, unexploded, ...policy } = entry;
  const query = policy.parameters?.query;
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  return {
    // A body with a schema is required unless the entry says otherwise.
    ...(policy.schema !== undefined && { body: "required" }),
    ...policy,
    method,
    path,
    pathParams,
    // A path parameter is a uuid, Nexor's ids, unless the entry gives the path's schema.
    ...(pathParams.length && {
      parameters: { path: { properties: Object.fromEntries(pathParams.map((name) => [name, "uuid"])) }, ...policy.parameters },
    }),
    ...(typeof query === "object" && {
      query: Object.keys(query.properties ?? {}).map((name) => ({ name, explode: !unexploded?.includes(name) })),
    }),
  };
}

/**
 * The answer of an operation with x-nexor-envelope, in its one shape: an envelope (an object with the property) as
 * it came, a bare resource wrapped as `{ [key]: body }`.
 */
export function enveloped(key: string | undefined, body: object): object {
  if (key === undefined || Array.isArray(body) || Object.hasOwn(body, key)) return body;
  return { [key]: body };
}
