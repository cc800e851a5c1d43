// A server that keeps every promise of the contract, for every operation, judged by the same Ajv validators the
// checks use: it knows one valid key, answers the documented 401 bodies, a 400 {error, message} for an invalid
// request, and its first documented 2xx with the response example of the request's variant.
import { createGeneratorSync } from "json-schema-faker";
import { describeErrors, documentedResponse, responseExamples, spec, validatorAt } from "../../test/support/spec.js";
import { variantOf } from "../support/cases/positive.js";
import { fromWire, isUuid } from "../support/cases/values.js";
import { atPointer, type Operation, operations } from "../support/operations.js";
import { type Answer, basePath, type IncomingCall, jsonReply, type Reply } from "./answering-server.js";

/** How a conforming server may differ from another and still keep the contract. */
export interface ConformingOptions {
  /**
   * Looks up the ids in the path before it reads the body, answering 404 for one it does not know: Nexor does not
   * document the order, so a negative aimed at a random id may get a 404 instead of a 400, and both are rejections.
   * The ids it knows: every id the spec's examples print, and these.
   */
  knownIds?: string[];
}

interface Route {
  operation: Operation;
  pattern: RegExp;
}

// Literal paths before templated ones, as routers do: PUT /leads/tags is not PUT /leads/{id} with the id "tags".
const routes: Route[] = [...operations]
  .sort((a, b) => a.pathParams.length - b.pathParams.length)
  .map((operation) => ({
    operation,
    pattern: new RegExp(
      `^${basePath}${operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, name: string) => `(?<${groupName(name)}>[^/]+)`)}$`,
    ),
  }));

function groupName(name: string): string {
  return `p_${Buffer.from(name).toString("hex")}`;
}

/** The route a call takes, with its path parameters decoded; undefined when no operation has that method and path. */
export function route(
  call: Pick<IncomingCall, "method" | "path">,
): { operation: Operation; path: Record<string, string>; query: URLSearchParams } | undefined {
  const url = new URL(call.path, "http://server.invalid");
  for (const { operation, pattern } of routes) {
    if (operation.method !== call.method) continue;
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    const path = Object.fromEntries(
      operation.pathParams.map((parameter) => [parameter.name, decodeURIComponent(match.groups?.[groupName(parameter.name)] ?? "")]),
    );
    return { operation, path, query: url.searchParams };
  }
  return undefined;
}

/** The conforming answer for a server whose one valid key is `validKey`. */
export function conformingAnswer(validKey: string, options: ConformingOptions = {}): Answer {
  const known = options.knownIds && new Set([...specIds(), ...options.knownIds]);
  return (call) => {
    const routed = route(call);
    if (!routed) return jsonReply(404, { error: "Not found", message: `No route for ${call.method} ${call.path}` });
    const { operation } = routed;
    const key = call.headers["x-api-key"];
    const unauthorized = responseExamples(operation.operationId, "401") as Record<string, unknown>;
    if (key === undefined) return jsonReply(401, unauthorized.missing_api_key);
    if (key !== validKey) return jsonReply(401, unauthorized.invalid_api_key);
    if (known) {
      const unknownId = Object.values(routed.path).find((id) => isUuid(id) && !known.has(id));
      if (unknownId) return notFound(operation, unknownId);
    }
    const problem = requestProblem(operation, routed.path, routed.query, call.body);
    if (problem !== undefined) return invalid(operation, problem);
    return successReply(operation, call.body);
  };
}

// What is wrong with a request, or undefined when it keeps the contract.
function requestProblem(operation: Operation, path: Record<string, string>, query: URLSearchParams, text: string): string | undefined {
  for (const parameter of operation.pathParams) {
    const validate = validatorAt(parameter.schemaPointer);
    if (!validate(fromWire(parameter, [path[parameter.name]!]))) return `path ${parameter.name} ${describeErrors(validate.errors)[0]}`;
  }
  for (const parameter of operation.queryParams) {
    const texts = query.getAll(parameter.name);
    if (!texts.length) {
      if (parameter.required) return `${parameter.name} is required`;
      continue;
    }
    const validate = validatorAt(parameter.schemaPointer);
    if (!validate(fromWire(parameter, texts))) return `query ${parameter.name} ${describeErrors(validate.errors)[0]}`;
  }
  if (!operation.body) return undefined;
  if (!text && !operation.body.required) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "The body is not valid JSON";
  }
  const validate = validatorAt(operation.body.pointer);
  return validate(body) ? undefined : describeErrors(validate.errors)[0];
}

// The documented status for a request the contract rules out: 400, else 422, else 404 (an id that is not an id).
function invalid(operation: Operation, message: string): Reply {
  const status = ["400", "422", "404", "4XX"].find((candidate) => operation.responses.includes(candidate)) ?? "400";
  return jsonReply(status === "4XX" ? 400 : Number(status), { error: "Validation error", message });
}

function notFound(operation: Operation, id: string): Reply {
  const example = Object.values(responseExamples(operation.operationId, "404"))[0];
  return jsonReply(404, example ?? { error: "Not found", message: `${id} does not exist or does not belong to your account` });
}

/** The first documented 2xx, with the response example named like the request's variant, else the first one. */
export function successReply(operation: Operation, text: string): Reply {
  const key = operation.responses.find((candidate) => /^2(\d\d|XX)$/.test(candidate)) ?? "200";
  const status = key === "2XX" ? 200 : Number(key);
  const documented = documentedResponse(operation.operationId, status)!;
  if (!documented.response.content?.["application/json"]) return { status, headers: {}, body: "" };
  const examples = responseExamples(operation.operationId, key);
  let variant: string | undefined;
  try {
    variant = operation.body && text ? variantOf(operation, JSON.parse(text)) : undefined;
  } catch {
    variant = undefined;
  }
  const named = (variant !== undefined && examples[variant]) || Object.values(examples)[0];
  return jsonReply(status, named ?? generatedBody(`${documented.pointer}/content/application~1json/schema`));
}

function generatedBody(pointer: string): unknown {
  const schema = atPointer(pointer) as object;
  const body = createGeneratorSync({ seed: 1, maxDepth: 10, maxItems: 2 }).generate({ ...schema, components: spec.components });
  if (!validatorAt(pointer)(body)) throw new Error(`json-schema-faker made an invalid response body for ${pointer}`);
  return body;
}

let ids: string[] | undefined;
// Every id the spec's examples print: the conforming server treats them as existing.
function specIds(): string[] {
  if (ids) return ids;
  const found = new Set<string>();
  (function collect(node: unknown): void {
    if (isUuid(node)) found.add(node as string);
    else if (node && typeof node === "object") for (const child of Object.values(node)) collect(child);
  })(spec);
  ids = [...found];
  return ids;
}
