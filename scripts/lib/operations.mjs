// Writes generated/operations.ts and generated/methods.ts: the tree of methods named by x-nexor-method, each the entry
// the client's request core reads (method, path, parameters, body, its request schemas, and the policy the spec
// declares with x-nexor-* extensions) (operations.ts), and the TypeScript signature of each method (methods.ts). Adding an operation to the spec gives it a
// typed method after `npm run generate`, with no hand-written line.

import { operationSchemas } from "./request-schemas.mjs";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function resolve(document, value) {
  let node = value;
  for (let depth = 0; node && typeof node === "object" && typeof node.$ref === "string"; depth++) {
    if (depth > 20 || !node.$ref.startsWith("#/")) throw new Error(`cannot resolve ${node.$ref}`);
    node = node.$ref
      .slice(2)
      .split("/")
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce((parent, part) => parent?.[part], document);
  }
  return node;
}

const pascal = (id) => id.charAt(0).toUpperCase() + id.slice(1);
const refName = (ref) => ref.slice(ref.lastIndexOf("/") + 1);

/** Every operation of the document, with what the table and the signatures need. */
export function readOperations(document) {
  const found = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const id = operation.operationId;
      if (!id) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) => resolve(document, parameter));
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      for (const name of pathParams) {
        if (!parameters.some((parameter) => parameter.in === "path" && parameter.name === name))
          throw new Error(`${id}: path parameter {${name}} is not declared`);
      }
      const query = parameters
        .filter((parameter) => parameter.in === "query")
        .map((parameter) => ({
          name: parameter.name,
          explode: parameter.explode ?? (parameter.style ?? "form") === "form",
          required: parameter.required === true,
        }));
      const requestBody = resolve(document, operation.requestBody);
      if (requestBody && !requestBody.content?.["application/json"]) throw new Error(`${id}: only JSON request bodies are supported`);
      if (requestBody && query.length > 0)
        throw new Error(`${id}: an operation with both a body and query parameters has no method shape yet`);
      // The documented success: an exact 2xx, or the 2XX range where the docs do not give the code.
      const success = Object.keys(operation.responses ?? {}).find((status) => /^2(\d\d|XX)$/.test(status));
      if (!success) throw new Error(`${id}: no documented 2xx response`);
      const paging = operation["x-nexor-pagination"];
      if (paging && !["limit", "offset"].every((name) => query.some((parameter) => parameter.name === name))) {
        throw new Error(`${id}: x-nexor-pagination needs limit and offset query parameters`);
      }
      // The page size a request without a limit gets: the documented default, which tells a short page from a full one.
      const pageSize =
        paging && resolve(document, parameters.find((parameter) => parameter.in === "query" && parameter.name === "limit").schema)?.default;
      if (paging && typeof pageSize !== "number") throw new Error(`${id}: the limit parameter of a paged list needs a documented default`);
      const pagination = paging && { ...paging, pageSize };
      found.push({
        id,
        method: method.toUpperCase(),
        path,
        pathParams,
        query,
        body: requestBody ? (requestBody.required ? "required" : "optional") : undefined,
        success,
        idempotent: method === "get" || method === "head" || operation["x-nexor-idempotent"] === true,
        idempotentWhen: operation["x-nexor-idempotent-when"],
        contacts: operation["x-nexor-contacts"],
        contactsWhen: operation["x-nexor-contacts-when"],
        successFlag: operation["x-nexor-success-flag"],
        hints: operation["x-nexor-hints"],
        pagination,
        methodName: operation["x-nexor-method"],
        summary: operation.summary,
        narrowing: narrowing(document, id, operation.responses[success]),
        answers: answers(document, id, operation, success, operation["x-nexor-pagination"]),
        envelope: envelope(document, id, operation.responses[success]),
      });
    }
  }
  return found;
}

/**
 * A success body made of field groups, some of which carry `x-nexor-when: {field: value}` (the fields a request
 * with that value gets back): the method is then generic in that request field and its result narrows with it.
 */
function narrowing(document, id, response) {
  const schema = resolve(document, response)?.content?.["application/json"]?.schema;
  const groups = resolve(document, schema)?.allOf;
  if (!Array.isArray(groups)) return undefined;
  const conditional = groups.filter((group) => resolve(document, group)["x-nexor-when"]);
  if (!conditional.length) return undefined;
  const fields = new Set(conditional.flatMap((group) => Object.keys(resolve(document, group)["x-nexor-when"])));
  if (fields.size !== 1) throw new Error(`${id}: x-nexor-when must name one request field across the groups`);
  const [field] = fields;
  const named = (group) => {
    if (!group.$ref?.startsWith("#/components/schemas/")) throw new Error(`${id}: a field group must be a $ref to a named schema`);
    return `components["schemas"][${JSON.stringify(refName(group.$ref))}]`;
  };
  return {
    field,
    base: groups.filter((group) => !conditional.includes(group)).map(named),
    byValue: conditional.map((group) => [resolve(document, group)["x-nexor-when"][field], named(group)]),
  };
}

const successSchema = (document, response) => resolve(document, resolve(document, response)?.content?.["application/json"]?.schema);

const namedSchema = (id, branch, what) => {
  if (!branch?.$ref?.startsWith("#/components/schemas/")) throw new Error(`${id}: ${what} must be a $ref to a named schema`);
  return refName(branch.$ref);
};
const schemaType = (name) => `components["schemas"][${JSON.stringify(name)}]`;

/**
 * A success body that is an anyOf/oneOf of named schemas each carrying `x-nexor-answers: <request branch>`: the
 * answer to each branch of the request body's oneOf. The method then has one overload per branch, so that one lead
 * in gives the one-lead answer out, and an array the bulk answer.
 */
function answers(document, id, operation, success, paged) {
  const schema = successSchema(document, operation.responses[success]);
  const branches = schema?.anyOf ?? schema?.oneOf;
  if (!Array.isArray(branches) || !branches.some((branch) => resolve(document, branch)["x-nexor-answers"])) return undefined;
  if (paged || narrowing(document, id, operation.responses[success]))
    throw new Error(`${id}: x-nexor-answers does not combine with x-nexor-pagination or x-nexor-when`);
  const body = resolve(document, resolve(document, operation.requestBody)?.content?.["application/json"]?.schema);
  if (!Array.isArray(body?.oneOf)) throw new Error(`${id}: x-nexor-answers needs a request body that is a oneOf`);
  const bodies = body.oneOf.map((branch) => namedSchema(id, branch, "a request body branch"));
  return branches.map((branch) => {
    const answered = resolve(document, branch)["x-nexor-answers"];
    if (!bodies.includes(answered)) throw new Error(`${id}: x-nexor-answers "${answered}" is not a branch of the request body's oneOf`);
    return { body: schemaType(answered), result: schemaType(namedSchema(id, branch, "an answer branch")) };
  });
}

/**
 * A success body that is either an envelope holding the resource under one property or the bare resource, marked
 * `x-nexor-envelope: <property>`: the client returns the envelope, a bare answer wrapped as `{<property>: body}`, so
 * the resource is read in one way whichever shape the server sent.
 */
function envelope(document, id, response) {
  const schema = successSchema(document, response);
  const key = schema?.["x-nexor-envelope"];
  if (key === undefined) return undefined;
  const branches = schema.anyOf ?? schema.oneOf;
  if (typeof key !== "string" || !Array.isArray(branches))
    throw new Error(`${id}: x-nexor-envelope names a property of an anyOf/oneOf branch`);
  const wrapping = branches.filter((branch) => resolve(document, branch)?.properties?.[key]);
  if (wrapping.length !== 1) throw new Error(`${id}: exactly one branch must hold the resource under "${key}"`);
  const bare = branches.filter((branch) => branch !== wrapping[0]);
  return {
    key,
    envelope: schemaType(namedSchema(id, wrapping[0], "the envelope")),
    bare: bare.map((branch) => schemaType(namedSchema(id, branch, "a bare branch"))),
  };
}

/**
 * The runtime entry of one operation: only what the request core reads, defaults left out, and nothing it can derive
 * (the path parameters are in the path, the query parameters in their schema), so that the table costs the bundle
 * little. Its request schemas are in it, so no operationId needs to reach the bundle.
 */
function tableEntry(operation, { schemas, parameters }) {
  const entry = { route: `${operation.method} ${operation.path}` };
  // The query parameters' names are not written: they are the properties of the query's schema, in the same order.
  const inSchema = Object.keys(parameters[operation.id]?.query?.properties ?? {});
  if (inSchema.join() !== operation.query.map(({ name }) => name).join())
    throw new Error(`${operation.id}: the query schema's properties are not its query parameters`);
  const unexploded = operation.query.filter(({ explode }) => !explode).map(({ name }) => name);
  if (unexploded.length) entry.unexploded = unexploded;
  // A body with a schema is required unless the entry says "optional": only that, or a body without a schema, is written.
  if (operation.body !== undefined && (operation.body !== "required" || schemas[operation.id] === undefined)) entry.body = operation.body;
  for (const key of ["idempotentWhen", "contacts", "contactsWhen", "successFlag", "hints", "pagination"]) {
    if (operation[key] !== undefined) entry[key] = operation[key];
  }
  if (operation.envelope) entry.envelope = operation.envelope.key;
  if (operation.idempotent) entry.idempotent = true;
  if (schemas[operation.id] !== undefined) entry.schema = schemas[operation.id];
  // Path parameters that are all uuids, as Nexor's ids are, are left out: the client reads a missing path schema so.
  const { path, ...rest } = parameters[operation.id] ?? {};
  const written = path && Object.values(path.properties).every((schema) => schema === "uuid") ? rest : { path, ...rest };
  if (Object.values(written).some((schema) => schema !== undefined)) entry.parameters = written;
  return entry;
}

/** The methods as a tree of resources: `{ leads: { tags: { add: "assignLeadTags" } } }`. */
function methodTree(operations) {
  const tree = {};
  for (const operation of operations.filter((candidate) => candidate.methodName)) {
    const parts = operation.methodName.split(".");
    if (parts.length < 2 || parts.some((part) => !/^[a-z][A-Za-z0-9]*$/.test(part))) {
      throw new Error(`${operation.id}: x-nexor-method "${operation.methodName}" must be resource[.sub].method in camelCase`);
    }
    let node = tree;
    for (const part of parts.slice(0, -1)) {
      if (typeof node[part] === "string") throw new Error(`${operation.methodName} nests under the method ${part}`);
      node = node[part] ??= {};
    }
    const name = parts.at(-1);
    if (node[name] !== undefined) throw new Error(`x-nexor-method "${operation.methodName}" is given twice`);
    // The client tells a method (an entry, with its route) from a resource by that key.
    if (name === "route") throw new Error(`x-nexor-method "${operation.methodName}": "route" cannot name a method`);
    node[name] = operation.id;
  }
  return tree;
}

function typeNames(operation) {
  const base = pascal(operation.id);
  return { body: `${base}Body`, query: `${base}Query`, result: `${base}Result`, item: `${base}Item` };
}

function namedTypes(operation) {
  const names = typeNames(operation);
  const op = `Operations[${JSON.stringify(operation.id)}]`;
  const lines = [];
  if (operation.body) {
    lines.push(`/** The body of \`${operation.method} ${operation.path}\`. */`);
    lines.push(`export type ${names.body} = NonNullable<${op}["requestBody"]>["content"]["application/json"];`);
  }
  if (operation.query.length) {
    lines.push(`/** The query parameters of \`${operation.method} ${operation.path}\`. */`);
    lines.push(`export type ${names.query} = NonNullable<${op}["parameters"]["query"]>;`);
  }
  const status = /^\d+$/.test(operation.success) ? operation.success : JSON.stringify(operation.success);
  const success = `${op}["responses"][${status}]["content"]["application/json"]`;
  const wrapped = operation.envelope ? `, a bare answer wrapped as \`{ ${operation.envelope.key}: … }\`` : "";
  lines.push(`/** The ${operation.success} body of \`${operation.method} ${operation.path}\`${wrapped}. */`);
  if (operation.narrowing) {
    const { field, base, byValue } = operation.narrowing;
    const domain = `${names.body}[${JSON.stringify(field)}]`;
    const map = `{ ${byValue.map(([value, type]) => `${JSON.stringify(value)}: ${type}`).join("; ")} }`;
    lines.push(`export type ${names.result}<V extends ${domain} = ${domain}> = ${[...base, `${map}[V]`, `{ ${field}?: V }`].join(" & ")};`);
  } else if (operation.envelope) {
    const { key, envelope, bare } = operation.envelope;
    const held = [`NonNullable<${envelope}[${JSON.stringify(key)}]>`, ...bare].join(" | ");
    lines.push(`export type ${names.result} = Omit<${envelope}, ${JSON.stringify(key)}> & { ${key}: ${held} };`);
  } else {
    lines.push(`export type ${names.result} = ${success};`);
  }
  if (operation.pagination) {
    lines.push(`/** One item of \`${operation.method} ${operation.path}\`'s pages. */`);
    lines.push(`export type ${names.item} = NonNullable<${names.result}[${JSON.stringify(operation.pagination.items)}]>[number];`);
  }
  return lines.join("\n");
}

function signature(operation, indent) {
  const names = typeNames(operation);
  const params = operation.pathParams.map((name) => `${name}: string`);
  let generic = "";
  let result = names.result;
  if (operation.body) {
    if (operation.narrowing) {
      const field = JSON.stringify(operation.narrowing.field);
      generic = `<V extends ${names.body}[${field}]>`;
      params.push(`body: ${names.body} & { ${field}: V }`);
      result = `${names.result}<V>`;
    } else {
      params.push(`body${operation.body === "required" ? "" : "?"}: ${names.body}`);
    }
  }
  if (operation.query.length) params.push(`query${operation.query.some((parameter) => parameter.required) ? "" : "?"}: ${names.query}`);
  params.push("options?: RequestOptions");
  const returns = operation.pagination ? `PagePromise<${result}, ${names.item}>` : `APIPromise<${result}>`;
  const doc = [`${operation.summary ?? operation.id}: \`${operation.method} ${operation.path}\`.`];
  const name = operation.methodName.split(".").at(-1);
  // One overload per documented answer (x-nexor-answers), then the whole body for a caller holding the union.
  const ids = operation.pathParams.map((id) => `${id}: string, `).join("");
  const overloads = (operation.answers ?? []).map(
    ({ body, result: answer }) => `${indent}${name}(${ids}body: ${body}, options?: RequestOptions): APIPromise<${answer}>;\n`,
  );
  return `${indent}/** ${doc.join(" ")} */\n${overloads.join("")}${indent}${name}${generic}(${params.join(", ")}): ${returns};`;
}

function interfaceBody(tree, byId, depth) {
  const indent = "  ".repeat(depth);
  return Object.entries(tree)
    .map(([name, node]) =>
      typeof node === "string"
        ? signature(byId.get(node), indent)
        : `${indent}${name}: {\n${interfaceBody(node, byId, depth + 1)}\n${indent}};`,
    )
    .join("\n");
}

/** The TypeScript sources of generated/operations.ts (the table and the method tree) and generated/methods.ts (types). */
export function operationsSources(document) {
  const operations = readOperations(document);
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const tree = methodTree(operations);
  // The tree the client builds its methods from: each leaf the entry of its operation, so that no operationId is
  // written twice (a table by id, and the tree naming it).
  const schemas = operationSchemas(document);
  const entries = (node) =>
    Object.fromEntries(
      Object.entries(node).map(([name, child]) => [
        name,
        typeof child === "string" ? tableEntry(byId.get(child), schemas) : entries(child),
      ]),
    );
  const header = "// This file was generated by scripts/generate.mjs from openapi.yaml. Do not make direct changes to the file.";
  const promises = ["APIPromise", ...(operations.some((operation) => operation.pagination) ? ["PagePromise"] : [])];
  const named = operations.some((operation) => operation.narrowing || operation.answers || operation.envelope);
  const spec = [...(named ? ["components"] : []), "operations as Operations"];
  const data = `${header}

import type { MethodTree } from "../src/core/operation.js";

/**
 * The client's methods, from each operation's x-nexor-method: resources hold methods, and each method is the entry of
 * its operation as the client's request core calls it, its request schemas included.
 */
export const methodTree: MethodTree = ${JSON.stringify(entries(tree), null, 2)};
`;
  const types = `${header}
import type { ${promises.join(", ")} } from "../src/core/api-promise.js";
import type { RequestOptions } from "../src/core/request.js";
import type { ${spec.join(", ")} } from "./openapi.js";

${operations.map(namedTypes).join("\n\n")}

/** The methods of a client, one per operation that names one. */
export interface Methods {
${interfaceBody(tree, byId, 1)}
}
`;
  return { "operations.ts": data, "methods.ts": types };
}
