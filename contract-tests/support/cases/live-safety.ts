// What keeps a live run from reaching anyone: every body a live server gets without the person opting in is made
// unreachable first (fresh random ids, reserved example domains, fictional phone numbers, no workflow), and every
// case the planner makes for a live target is checked against the live safety table before it is kept.
import { randomBytes } from "node:crypto";
import type { Operation } from "../operations.js";
import { spec } from "../spec.js";
import type { NamedIds } from "../target.js";
import type { ContractCase } from "./contract-case.js";
import { isObject } from "./schema-walk.js";
import { freshId, isUuid } from "./values.js";

/** Domains reserved for documentation by RFC 2606 and RFC 6761: mail to them goes nowhere. */
const reservedDomain = /(^|\.)(example\.(com|net|org)|test|invalid|example|localhost)$/i;
/** North American numbers 555-0100 to 555-0199 are reserved for fiction; no line answers them. */
const fictionalPhone = /^\+1\d{3}55501\d{2}$/;

const hex = () => randomBytes(4).toString("hex");

/** A unique, clearly labelled word, for names and slugs an account may already hold (the docs' example slug, say). */
export const uniqueLabel = (prefix = "nexor-contract") => `${prefix}-${hex()}`;

/**
 * A copy of a valid body that can reach no one: every UUID replaced by a fresh random one (the same original by the
 * same replacement), emails at example.com, phone numbers fictional, URLs at example.com, names and slugs unique.
 * For an operation that reaches people only with certain fields (`x-nexor-contacts-when`) and takes no id in its
 * path, those fields are dropped.
 */
export function unreachable(operation: Operation, body: unknown): unknown {
  const replaced = new Map<string, string>();
  const clean = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => clean(item, key));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, clean(item, name)]));
    if (typeof value !== "string") return value;
    if (isUuid(value)) {
      if (!replaced.has(value)) replaced.set(value, freshId());
      return replaced.get(value);
    }
    if (/e-?mail/i.test(key) && value.includes("@")) return `nexor-contract-${hex()}@example.com`;
    if (/phone/i.test(key)) return `+120255501${String(randomBytes(1)[0]! % 100).padStart(2, "0")}`;
    if (/^https?:\/\//i.test(value)) return `https://example.com/${uniqueLabel()}`;
    if (key === "slug") return uniqueLabel();
    if (key === "name") return `Nexor contract test ${hex()}`;
    return value;
  };
  const cleaned = clean(body, "");
  return operation.contacts.length && !operation.pathParams.length ? dropFields(cleaned, operation.contactsWhen) : cleaned;
}

function dropFields(body: unknown, fields: string[]): unknown {
  if (Array.isArray(body)) return body.map((item) => dropFields(item, fields));
  if (!isObject(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
}

// Every UUID the spec itself prints (its examples): a placeholder in the docs could be someone's real id.
const specUuids = new Set<string>();
(function collect(node: unknown): void {
  if (isUuid(node)) specUuids.add(node as string);
  else if (node && typeof node === "object") for (const child of Object.values(node)) collect(child);
})(spec);

/** Whether the spec itself prints this id (in an example): a placeholder that may be anyone's real id. */
export const printedInSpec = (id: string): boolean => specUuids.has(id.toLowerCase()) || specUuids.has(id);

/**
 * Why a case must not be sent to a live server; empty when it is safe. This is the live safety table:
 * - auth cases, on every operation, with fresh random ids in the path and an unreachable body;
 * - positive cases only for a GET that needs no id, a GET of the test lead (`lead`), a real send the person asked
 *   for (`send`, marked `once`), or a step of a write round trip the person opted into (`round-trip`);
 * - negative cases only when Nexor's docs rule the request out (`documented`), aimed at fresh random ids, with
 *   unreachable contact data and no workflow.
 */
export function liveSafetyProblems(operation: Operation, contractCase: ContractCase, known: NamedIds): string[] {
  const problems: string[] = [];
  const { phase, kind } = contractCase;
  const optedIn = phase === "send" || phase === "round-trip";
  if (kind === "positive") {
    const readsNothingNamed = operation.method === "GET" && operation.pathParams.length === 0;
    const readsTheLead =
      phase === "lead" && operation.method === "GET" && Object.values(contractCase.path).every((id) => id === known.leadId);
    if (!readsNothingNamed && !readsTheLead && !optedIn)
      problems.push(`a valid ${operation.method} ${operation.path} changes or reveals something no one opted into`);
    if (phase === "send" && !contractCase.once) problems.push("a real send is not marked to be sent once");
  }
  if (kind === "negative" && contractCase.rule !== "documented")
    problems.push("a contract-only negative: Nexor is not documented to reject it");
  if (contractCase.skip) problems.push("a skipped case");

  // The ids: random ones everywhere, except those the person named, and only in the cases that may use them.
  const allowed = new Set<string>();
  if (phase === "lead" || phase === "send" || phase === "round-trip") if (known.leadId) allowed.add(known.leadId);
  if (optedIn) for (const id of [known.workflowId, known.templateId]) if (id) allowed.add(id);
  const body = parse(contractCase.body);
  const strings = [...Object.values(contractCase.path), ...contractCase.query.map(([, value]) => value), ...stringsIn(body)];
  for (const value of strings.filter(isUuid)) {
    const named = [known.leadId, known.workflowId, known.templateId].includes(value);
    if (specUuids.has(value)) problems.push(`the id ${value} is printed in the spec: it may belong to someone`);
    else if (named && !allowed.has(value)) problems.push(`the id ${value} you named is used by a ${phase} case`);
  }
  if (!optedIn) {
    for (const [key, value] of keyedStrings(body)) {
      const domain = /^[^@\s]+@([^@\s]+)$/.exec(value)?.[1];
      if (domain && !reservedDomain.test(domain)) problems.push(`${key} "${value}" is a reachable email address`);
      if (/phone/i.test(key) && value.replace(/\D/g, "").length >= 7 && !fictionalPhone.test(value)) {
        problems.push(`${key} "${value}" may be a real phone number`);
      }
      const host = /^https?:\/\/([^/:?#]+)/i.exec(value)?.[1];
      if (host && !reservedDomain.test(host)) problems.push(`${key} "${value}" is a reachable URL`);
    }
    if (operation.contacts.length && !operation.pathParams.length) {
      for (const [key, value] of keyedStrings(body)) {
        if (operation.contactsWhen.includes(key) && isUuid(value))
          problems.push(`${key} is set: a server that accepted it could reach someone`);
      }
    }
  }
  return problems;
}

function parse(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function stringsIn(value: unknown): string[] {
  return keyedStrings(value).map(([, text]) => text);
}

function keyedStrings(value: unknown, key = ""): Array<[string, string]> {
  if (typeof value === "string") return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((item) => keyedStrings(item, key));
  if (isObject(value)) return Object.entries(value).flatMap(([name, item]) => keyedStrings(item, name));
  return [];
}
