// processors.rules: create, reorder, update and delete a processor's routing rules. Creating a rule is sent once;
// the reorder, the update and the delete set state to what they carry and are sent again after a 503.
import { describe, expect } from "vitest";
import type { CreateProcessorRuleBody, ReorderProcessorRulesBody, UpdateProcessorRuleBody } from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused, requestExample, uuid } from "../support/resources.js";

const countryRule = requestExample<CreateProcessorRuleBody>("createProcessorRule", "country_rule");
const reorder = requestExample<ReorderProcessorRulesBody>("reorderProcessorRules", "reorder");
const disable = requestExample<UpdateProcessorRuleBody>("updateProcessorRule", "disable");
const rules = `/processors/${uuid.processor}/rules`;

describeMethod("createProcessorRule", {
  method: (nexor) => nexor.processors.rules.create,
  args: [uuid.processor, countryRule],
  sends: { method: "POST", path: rules, body: countryRule },
  retried: false,
  contacts: [],
});

describeMethod("reorderProcessorRules", {
  method: (nexor) => nexor.processors.rules.reorder,
  args: [uuid.processor, reorder],
  sends: { method: "PUT", path: `${rules}/reorder`, body: reorder },
  retried: true,
  contacts: [],
});

describeMethod("updateProcessorRule", {
  method: (nexor) => nexor.processors.rules.update,
  args: [uuid.processor, uuid.rule, disable],
  sends: { method: "PATCH", path: `${rules}/${uuid.rule}`, body: disable },
  retried: true,
  contacts: [],
});

describeMethod("deleteProcessorRule", {
  method: (nexor) => nexor.processors.rules.delete,
  args: [uuid.processor, uuid.rule],
  sends: { method: "DELETE", path: `${rules}/${uuid.rule}` },
  retried: true,
  contacts: [],
});

describe.concurrent("processor rules", () => {
  test("the processor id and the rule id fill their own segments, in order", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true, message: "Rule deleted" }));
    await clientOf(server).processors.rules.delete(uuid.processor, uuid.rule);
    expect(server.requests.map((request) => request.path)).toEqual([`/processors/${uuid.processor}/rules/${uuid.rule}`]);
  });

  test("reorder with no rule ids is refused before sending", async ({ serve }) => {
    await expectRefused(serve, (nexor) => nexor.processors.rules.reorder(uuid.processor, { rule_ids: [] }), "rule_ids");
  });

  test("a condition with an operator it does not know is refused before sending", async ({ serve }) => {
    const body = { ...countryRule, conditions: [{ field: "email", operator: "like", value: "x" }] } as unknown as CreateProcessorRuleBody;
    await expectRefused(serve, (nexor) => nexor.processors.rules.create(uuid.processor, body), "conditions[0].operator");
  });

  test("a 404 on a rule names the rule and its processor", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 404, { error: "Not found", message: "Rule not found" }));
    await expect(clientOf(server).processors.rules.update(uuid.processor, uuid.rule, disable)).rejects.toThrow(
      "Check that the rule id belongs to this processor",
    );
  });
});
