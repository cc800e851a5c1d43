// Processors: pre-workflow lead routing. A processor holds rules by position; routing evaluates the active rules top to
// bottom, and the first whose conditions all match picks the workflow, else the processor's default workflow.
import { randomUUID } from "node:crypto";
import { type Call, type Route, reply, route } from "../route.js";
import type { Condition, Lead, Processor, Rule } from "../state.js";
import {
  ApiError,
  invalid,
  isObject,
  isUuid,
  notFound,
  objectBody,
  optionalBoolean,
  optionalString,
  pathUuid,
  requiredString,
  requiredUuid,
} from "./check.js";
import { createdAnswer, createEach, createLead, draftLead, type LeadDraft, leadItems, needsPhone } from "./lead-input.js";
import { workflowNamed } from "./records.js";

const OPERATORS = ["eq", "neq", "gt", "gte", "lt", "lte", "contains", "not_contains", "in", "not_in", "exists", "not_exists", "regex"];
const FIELDS = ["first_name", "last_name", "email", "phone", "source", "company", "title", "campaign_id"];

const processorNotFound = () => notFound("Processor");
const ruleNotFound = () => new ApiError(404, { error: "Not found", message: "Rule not found" });

function processorAt(call: Call, name = "id"): Processor {
  const processor = call.account.processors.get(pathUuid(call.params[name] ?? "", name));
  if (!processor) throw processorNotFound();
  return processor;
}

function ruleAt(call: Call): { processor: Processor; rule: Rule } {
  const processor = processorAt(call, "processorId");
  const rule = call.account.rules.get(pathUuid(call.params.ruleId ?? "", "ruleId"));
  if (!rule || rule.processor_id !== processor.id) throw ruleNotFound();
  return { processor, rule };
}

/** The processor's rules, by position (ties: the older first). */
const rulesOf = (call: Call, processor: Processor) =>
  [...call.account.rules.values()].filter((rule) => rule.processor_id === processor.id).sort((a, b) => a.position - b.position);

const processorShown = (processor: Processor) => ({ ...processor });

/** Checks one condition: a field (a lead column or `metadata.<key>`), a known operator, and a value where needed. */
function condition(value: unknown, index: number): Condition {
  if (!isObject(value)) throw invalid(`conditions[${index}] must be an object`);
  const { field, operator } = value;
  if (typeof field !== "string" || field === "") throw invalid(`conditions[${index}].field is required`);
  if (!FIELDS.includes(field) && !/^metadata\.[^.].*$/.test(field)) {
    throw invalid(`conditions[${index}].field must be one of ${FIELDS.join(", ")} or metadata.<key>`);
  }
  if (typeof operator !== "string" || operator === "") throw invalid(`conditions[${index}].operator is required`);
  if (!OPERATORS.includes(operator)) throw invalid(`conditions[${index}].operator must be one of ${OPERATORS.join(", ")}`);
  // exists and not_exists need no value; every other operator does.
  if (operator === "exists" || operator === "not_exists") return { field, operator };
  if (value.value === undefined) throw invalid(`conditions[${index}].value is required for ${operator}`);
  if ((operator === "in" || operator === "not_in") && !Array.isArray(value.value))
    throw invalid(`conditions[${index}].value must be an array for ${operator}`);
  if (operator === "regex") {
    try {
      new RegExp(String(value.value));
    } catch {
      throw invalid(`conditions[${index}].value is not a valid regular expression`);
    }
  }
  return { field, operator, value: value.value };
}

function conditions(value: unknown): Condition[] {
  if (!Array.isArray(value)) throw invalid("conditions must be an array");
  return value.map(condition);
}

function position(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0) throw invalid("position must be a non-negative integer");
  return value as number;
}

/** A lead's value for a condition field: a column, or a metadata key. */
function fieldOf(lead: LeadDraft["fields"] | Lead, field: string): unknown {
  if (field.startsWith("metadata.")) return lead.metadata[field.slice("metadata.".length)];
  return (lead as Record<string, unknown>)[field];
}

const present = (value: unknown) => value !== undefined && value !== null;

/**
 * Whether one condition holds for a lead. eq/neq/in/not_in compare string forms exactly (only contains is documented
 * case-insensitive); the numeric operators are false unless both sides are numbers; a missing field fails the positive
 * operators and passes the negative ones.
 */
export function holds(lead: LeadDraft["fields"] | Lead, { field, operator, value }: Condition): boolean {
  const actual = fieldOf(lead, field);
  const text = present(actual) ? String(actual) : undefined;
  switch (operator) {
    case "eq":
      return text !== undefined && text === String(value);
    case "neq":
      return text !== String(value);
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const a = Number(actual);
      const b = Number(value);
      if (!present(actual) || actual === "" || !Number.isFinite(a) || !Number.isFinite(b)) return false;
      return operator === "gt" ? a > b : operator === "gte" ? a >= b : operator === "lt" ? a < b : a <= b;
    }
    // contains is case-insensitive.
    case "contains":
      return text?.toLowerCase().includes(String(value).toLowerCase()) === true;
    case "not_contains":
      return text === undefined || !text.toLowerCase().includes(String(value).toLowerCase());
    case "in":
      return text !== undefined && (value as unknown[]).some((item) => String(item) === text);
    case "not_in":
      return text === undefined || !(value as unknown[]).some((item) => String(item) === text);
    // exists: present and non-null.
    case "exists":
      return present(actual);
    case "not_exists":
      return !present(actual);
    case "regex":
      return text !== undefined && new RegExp(String(value)).test(text);
    default:
      return false;
  }
}

export const processorRoutes: Route[] = [
  route({
    operation: "createProcessor",
    status: 201,
    method: "POST",
    path: "/processors",
    input: (call) => {
      const body = objectBody(call.body);
      return {
        name: requiredString(body, "name"),
        description: optionalString(body, "description", true) ?? null,
        defaultWorkflowId: requiredUuid(body, "default_workflow_id"),
      };
    },
    act: (call, _found, input) => {
      workflowNamed(call, input.defaultWorkflowId, "default_workflow_id");
      const processor: Processor = {
        id: randomUUID(),
        name: input.name,
        description: input.description,
        default_workflow_id: input.defaultWorkflowId,
        is_active: true,
        created_at: call.now,
        updated_at: call.now,
      };
      call.account.processors.set(processor.id, processor);
      call.write();
      return reply(201, { success: true, processor: processorShown(processor) });
    },
  }),
  route({
    operation: "getProcessor",
    method: "GET",
    path: "/processors/:id",
    ids: (call) => processorAt(call),
    act: (call, processor) => {
      const workflowOf = (id: string) => {
        const workflow = call.account.workflows.get(id);
        return workflow ? { id: workflow.id, name: workflow.name } : null;
      };
      return reply(200, {
        success: true,
        processor: {
          ...processorShown(processor),
          default_workflow: workflowOf(processor.default_workflow_id),
          rules: rulesOf(call, processor).map((rule) => ({
            id: rule.id,
            name: rule.name,
            position: rule.position,
            is_active: rule.is_active,
            conditions: rule.conditions,
            workflow_id: rule.workflow_id,
            workflow: workflowOf(rule.workflow_id),
          })),
        },
      });
    },
  }),
  route({
    operation: "updateProcessor",
    method: "PATCH",
    path: "/processors/:id",
    ids: (call) => processorAt(call),
    input: (call) => {
      const body = objectBody(call.body);
      const changes: Partial<Processor> = {};
      if (body.name !== undefined) changes.name = requiredString(body, "name", invalid("name must be a non-empty string"));
      const description = optionalString(body, "description", true);
      if (description !== undefined) changes.description = description;
      if (body.default_workflow_id !== undefined) changes.default_workflow_id = requiredUuid(body, "default_workflow_id");
      const active = optionalBoolean(body, "is_active");
      if (active !== undefined) changes.is_active = active;
      return changes;
    },
    act: (call, processor, changes) => {
      if (changes.default_workflow_id) workflowNamed(call, changes.default_workflow_id, "default_workflow_id");
      Object.assign(processor, changes, { updated_at: call.now });
      call.write();
      return reply(200, { success: true, processor: processorShown(processor) });
    },
  }),
  route({
    operation: "deleteProcessor",
    method: "DELETE",
    path: "/processors/:id",
    ids: (call) => processorAt(call),
    act: (call, processor) => {
      // A soft delete: the processor goes inactive, its rules are kept, routing through it then answers 404.
      if (processor.is_active) {
        Object.assign(processor, { is_active: false, updated_at: call.now });
        call.write();
      }
      return reply(200, { success: true, message: "Processor deactivated" });
    },
  }),
  route({
    operation: "createProcessorRule",
    status: 201,
    method: "POST",
    path: "/processors/:processorId/rules",
    ids: (call) => processorAt(call, "processorId"),
    input: (call) => {
      const body = objectBody(call.body);
      const name = requiredString(body, "name");
      const workflowId = requiredUuid(body, "workflow_id");
      if (body.conditions === undefined) throw invalid("conditions is required");
      return {
        name,
        workflowId,
        conditions: conditions(body.conditions),
        position: position(body.position),
        isActive: optionalBoolean(body, "is_active") ?? true,
      };
    },
    act: (call, processor, input) => {
      workflowNamed(call, input.workflowId, "workflow_id");
      const last = rulesOf(call, processor).at(-1);
      const rule: Rule = {
        id: randomUUID(),
        processor_id: processor.id,
        name: input.name,
        workflow_id: input.workflowId,
        conditions: input.conditions,
        // Appended when no position is given: after the last rule. A create answers 201 (not documented).
        position: input.position ?? (last ? last.position + 1 : 1),
        is_active: input.isActive,
        created_at: call.now,
        updated_at: call.now,
      };
      call.account.rules.set(rule.id, rule);
      call.write();
      return reply(201, { success: true, rule });
    },
  }),
  route({
    operation: "updateProcessorRule",
    method: "PATCH",
    path: "/processors/:processorId/rules/:ruleId",
    ids: ruleAt,
    input: (call) => {
      const body = objectBody(call.body);
      const changes: Partial<Rule> = {};
      if (body.name !== undefined) changes.name = requiredString(body, "name", invalid("name must be a non-empty string"));
      if (body.workflow_id !== undefined) changes.workflow_id = requiredUuid(body, "workflow_id");
      // conditions replaces the whole array.
      if (body.conditions !== undefined) changes.conditions = conditions(body.conditions);
      const at = position(body.position);
      if (at !== undefined) changes.position = at;
      const active = optionalBoolean(body, "is_active");
      if (active !== undefined) changes.is_active = active;
      return changes;
    },
    act: (call, { rule }, changes) => {
      if (changes.workflow_id) workflowNamed(call, changes.workflow_id, "workflow_id");
      Object.assign(rule, changes, { updated_at: call.now });
      call.write();
      return reply(200, { success: true, rule });
    },
  }),
  route({
    operation: "deleteProcessorRule",
    method: "DELETE",
    path: "/processors/:processorId/rules/:ruleId",
    ids: ruleAt,
    act: (call, { rule }) => {
      // Permanent; the remaining rules keep their positions.
      call.account.rules.delete(rule.id);
      call.write();
      return reply(200, { success: true, message: "Rule deleted" });
    },
  }),
  route({
    operation: "reorderProcessorRules",
    method: "PUT",
    path: "/processors/:processorId/rules/reorder",
    ids: (call) => processorAt(call, "processorId"),
    input: (call) => {
      const body = objectBody(call.body);
      const ids = body.rule_ids;
      if (!Array.isArray(ids) || ids.length === 0) throw invalid("rule_ids must be a non-empty array");
      if (!ids.every(isUuid)) throw invalid("rule_ids must hold rule UUIDs");
      return [...new Set(ids as string[])];
    },
    act: (call, processor, ids) => {
      const rules = rulesOf(call, processor);
      const unknown = ids.find((id) => !rules.some((rule) => rule.id === id));
      if (unknown) throw invalid(`rule_ids: ${unknown} is not a rule of this processor`);
      // The listed rules first, in the order given from position 1; the rules left out after them, in their old order.
      const ordered = [...ids.map((id) => rules.find((rule) => rule.id === id)!), ...rules.filter((rule) => !ids.includes(rule.id))];
      ordered.forEach((rule, index) => {
        if (rule.position !== index + 1) Object.assign(rule, { position: index + 1, updated_at: call.now });
      });
      call.write();
      return reply(200, { success: true, rules: ordered.map((rule) => ({ id: rule.id, name: rule.name, position: rule.position })) });
    },
  }),
  route({
    operation: "routeLeads",
    status: 201,
    method: "POST",
    path: "/processors/:processorId/leads",
    ids: (call) => {
      const processor = processorAt(call, "processorId");
      // A soft-deleted processor routes nothing.
      if (!processor.is_active) throw processorNotFound();
      return processor;
    },
    input: (call) => leadItems(call.body),
    act: (call, processor, { items, bulk }) => {
      const rules = rulesOf(call, processor).filter((rule) => rule.is_active);
      return createEach(
        items,
        bulk,
        (item) => {
          const draft = draftLead(call, item, "route");
          // Top to bottom, the first rule whose every condition holds wins; else the default workflow.
          const rule = rules.find((candidate) => candidate.conditions.every((one) => holds(draft.fields, one)));
          const workflow = call.account.workflows.get(rule?.workflow_id ?? processor.default_workflow_id);
          if (!workflow) throw invalid("the routed workflow no longer exists");
          needsPhone(draft, workflow);
          return { ...draft, workflow, rule };
        },
        (draft) => {
          const { lead, run } = createLead(call, draft);
          return {
            ...createdAnswer(call, lead, run),
            routing: {
              processor_id: processor.id,
              rule_id: draft.rule?.id ?? null,
              rule_name: draft.rule?.name ?? null,
              workflow_id: draft.workflow.id,
              default: !draft.rule,
            },
          };
        },
        call.broken("bulk-all-or-nothing"),
      );
    },
  }),
];
