// The planner, read as data: every operation gets its coverage phase whatever the seed, the seed replays a plan, and
// a live plan holds only what the live safety table allows, checked here rule by rule, independently of the
// planner's own guard.
import { describe, expect, test } from "vitest";
import type { ContractCase } from "../support/cases/contract-case.js";
import { liveSafetyProblems } from "../support/cases/live-safety.js";
import { planCases } from "../support/cases/plan.js";
import { documentedRules } from "../support/cases/rules.js";
import { isUuid } from "../support/cases/values.js";
import { documentedValidatorAt } from "../support/documented.js";
import { atPointer, operationById, operations } from "../support/operations.js";
import { validatorAt } from "../support/spec.js";
import type { Target } from "../support/target.js";

const named = {
  leadId: "0b7d1c7e-9f3a-4c55-8f0e-2a6b1d9c4e70",
  workflowId: "7e2f9a41-3c6d-4b8e-9a05-1d4c7b2e8f63",
  templateId: "c4a8e1f2-6b3d-4e9a-8c7f-5d2b0a9e1f36",
};
const target = (kind: Target["kind"], seed: number, extra: Partial<Target> = {}): Target => ({
  kind,
  baseUrl: "http://127.0.0.1:9/api/public",
  apiKey: "nxr_live_plan_test",
  seed,
  cases: 1,
  timeoutMs: 1_000,
  ids: {},
  ...extra,
});
const coverage = (cases: ContractCase[], operationId: string) =>
  cases
    .filter((contractCase) => contractCase.operationId === operationId && contractCase.phase === "coverage")
    .map((contractCase) => contractCase.breaks!);

describe("the coverage phase", () => {
  const seeds = [1, 4_000_000_000];
  const plans = seeds.map((seed) => ({ local: planCases(target("local", seed)), live: planCases(target("live", seed)) }));

  test.for(operations.map((operation) => operation.operationId))(
    "%s: sends the same rules, each once, whatever the seed",
    (operationId) => {
      const [first, ...others] = plans.map(({ local }) => coverage(local, operationId));
      expect(new Set(first).size).toBe(first!.length);
      for (const other of others) expect(other).toEqual(first);
    },
  );

  test.for(operations.map((operation) => operation.operationId))(
    "%s: every documented rule is sent live too, whatever the seed",
    (operationId) => {
      for (const { local, live } of plans) {
        const documented = local.filter(
          (contractCase) =>
            contractCase.operationId === operationId &&
            contractCase.phase === "coverage" &&
            contractCase.rule === "documented" &&
            !contractCase.skip,
        );
        expect(coverage(live, operationId).sort()).toEqual(documented.map((contractCase) => contractCase.breaks!).sort());
      }
    },
  );

  test("keeps today's /messages cases, each under the rule that decides whether it is sent live", () => {
    const cases = planCases(target("local", 7)).filter(
      (contractCase) => contractCase.operationId === "sendMessage" && contractCase.phase === "coverage",
    );
    const rule = (breaks: string) => cases.find((contractCase) => contractCase.breaks === breaks)?.rule;
    expect({
      "missing lead_id": rule("required body /lead_id"),
      "missing workflow_id": rule("required body /workflow_id"),
      "missing channel": rule("required body /channel"),
      "wrong type": rule("type body /lead_id"),
      "id not a UUID": rule("format body /lead_id"),
      "unknown channel": rule("const body /channel"),
      "WhatsApp without content or template_id": rule("documented rule: WhatsApp needs content or template_id"),
      "email without content or html": rule("documented rule: an email needs content or html"),
      "not JSON": rule("not JSON"),
      "unknown field": rule("additionalProperties body /"),
      "another channel's field": rule("another variant's field body /"),
      "empty content": rule("minLength body /content"),
      "component without type": rule("required body /components/*/type"),
    }).toEqual({
      "missing lead_id": "documented",
      "missing workflow_id": "documented",
      "missing channel": "documented",
      "wrong type": "documented",
      "id not a UUID": "documented",
      "unknown channel": "documented",
      "WhatsApp without content or template_id": "documented",
      "email without content or html": "documented",
      "not JSON": "contract-only",
      "unknown field": "contract-only",
      "another channel's field": "contract-only",
      "empty content": "contract-only",
      "component without type": "contract-only",
    });
  });

  test("sends every rule of the registry, as a documented one, on the operation it names", () => {
    for (const { operationId, rule } of documentedRules) {
      const sent = plans[0]!.live.find(
        (contractCase) => contractCase.operationId === operationId && contractCase.breaks === `documented rule: ${rule}`,
      );
      expect(sent?.rule, `${operationId}: ${rule}`).toBe("documented");
    }
  });

  test("a seed replays its plan: the same cases in the same order, the same requests but for the fresh identities", () => {
    // Fresh on every run on purpose: ids (an id cut off at the end of a body that is not JSON leaves part of one),
    // and the unique labels, addresses and fictional numbers of unreachable data.
    const fresh = (text: string | undefined) =>
      text
        ?.replace(/[0-9a-f]{8}-[0-9a-f-]*/g, "<id>")
        .replace(/"[0-9a-f-]+$/, '"<id>')
        .replace(/nexor-contract-[0-9a-f]{8}/g, "<label>")
        .replace(/Nexor contract test [0-9a-f]{0,8}/g, "<name>")
        .replace(/\+120255501\d\d/g, "<phone>");
    const replayable = (cases: ContractCase[]) =>
      cases.map(({ name, body, query, path }) => [name, fresh(body), fresh(JSON.stringify([query, path]))]);
    expect(replayable(planCases(target("local", seeds[0]!)))).toEqual(replayable(plans[0]!.local));
    expect(replayable(plans[1]!.local)).not.toEqual(replayable(plans[0]!.local));
  });
});

// Every way a person can configure a live run.
const liveSettings: Array<[string, Partial<Target>]> = [
  ["nothing but the key", {}],
  ["the test lead", { ids: { leadId: named.leadId } }],
  ["real sends", { ids: named, sends: ["whatsapp", "email", "call"] }],
];

describe.each(liveSettings)("a live plan with %s", (_, settings) => {
  const plans = [planCases(target("live", 11, settings))];
  const all = plans.flat();
  const optedIn = (contractCase: ContractCase) => contractCase.phase === "send" || contractCase.phase === "round-trip";
  const strings = (contractCase: ContractCase): Array<[string, string]> => {
    const out: Array<[string, string]> = [...Object.entries(contractCase.path), ...contractCase.query];
    const visit = (value: unknown, key: string): void => {
      if (typeof value === "string") out.push([key, value]);
      else if (Array.isArray(value)) for (const item of value) visit(item, key);
      else if (value && typeof value === "object") for (const [name, item] of Object.entries(value)) visit(item, name);
    };
    try {
      visit(JSON.parse(contractCase.body ?? "null"), "");
    } catch {
      visit(contractCase.body, "");
    }
    return out;
  };

  test("sends a valid request only as a read that needs no id, a read of the test lead, or what the person opted into", () => {
    for (const contractCase of all.filter((candidate) => candidate.kind === "positive")) {
      const operation = operationById(contractCase.operationId);
      const readNeedingNoId = operation.method === "GET" && operation.pathParams.length === 0;
      const leadRead =
        contractCase.phase === "lead" &&
        operation.method === "GET" &&
        Object.values(contractCase.path).every((id) => id === settings.ids?.leadId);
      const send =
        contractCase.phase === "send" && contractCase.once === true && settings.sends?.length && contractCase.operationId === "sendMessage";
      expect(readNeedingNoId || leadRead || send, `${contractCase.operationId}: ${contractCase.name}`).toBe(true);
    }
    if (!settings.sends) expect(all.filter((contractCase) => contractCase.once)).toEqual([]);
  });

  test("sends only documented negatives: the spec without its contract-only keywords rejects each", () => {
    for (const contractCase of all.filter((candidate) => candidate.kind === "negative")) {
      expect(contractCase.rule, contractCase.name).toBe("documented");
      const operation = operationById(contractCase.operationId);
      if (contractCase.breaks?.includes(" body ") || contractCase.breaks?.startsWith("documented rule")) {
        const body = JSON.parse(contractCase.body!);
        expect(validatorAt(operation.body!.pointer)(body), contractCase.name).toBe(false);
        expect(documentedValidatorAt(operation.body!.pointer)(body), contractCase.name).toBe(false);
      }
    }
  });

  test("aims every case it was not told to aim at the test lead at fresh random ids, each used by one case only", () => {
    const seen = new Map<string, string>();
    for (const plan of plans) {
      for (const contractCase of plan) {
        const ids = new Set(
          strings(contractCase)
            .map(([, value]) => value)
            .filter(isUuid),
        );
        for (const id of ids) {
          if (optedIn(contractCase) || contractCase.phase === "lead") continue;
          expect(Object.values(named), `${contractCase.name} aims at a named id`).not.toContain(id);
          expect(seen.get(id), `${id} is used by "${seen.get(id)}" and "${contractCase.name}"`).toBeUndefined();
          seen.set(id, contractCase.name);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(all.length / 2);
  });

  test("carries only unreachable contact data and no workflow where an operation would reach someone without a target id", () => {
    for (const contractCase of all.filter((candidate) => !optedIn(candidate))) {
      const operation = operationById(contractCase.operationId);
      for (const [key, value] of strings(contractCase)) {
        const domain = /^[^@\s]+@([^@\s]+)$/.exec(value)?.[1];
        if (domain) expect(domain, contractCase.name).toMatch(/(^|\.)(example\.(com|net|org)|test|invalid|example)$/);
        if (/phone/i.test(key) && value.replace(/\D/g, "").length >= 7) expect(value, contractCase.name).toMatch(/^\+1\d{3}55501\d{2}$/);
        if (operation.contacts.length && !operation.pathParams.length && operation.contactsWhen.includes(key)) {
          expect(isUuid(value), `${contractCase.name} carries ${key}`).toBe(false);
        }
      }
    }
  });

  test("leaves out everything that is not on the table: contract-only rules, generated valid bodies, skipped cases", () => {
    expect(
      all.filter((contractCase) => contractCase.rule === "contract-only" || contractCase.phase === "generated" || contractCase.skip),
    ).toEqual([]);
    expect(
      all.every((contractCase) => !liveSafetyProblems(operationById(contractCase.operationId), contractCase, settings.ids ?? {}).length),
    ).toBe(true);
  });
});

test("the planner's own guard refuses what the table rules out", () => {
  const send = operationById("sendMessage");
  const base = { operationId: "sendMessage", credentials: "valid" as const, path: {}, query: [] };
  const valid: ContractCase = {
    ...base,
    name: "a valid send",
    kind: "positive",
    phase: "examples",
    body: JSON.stringify({ lead_id: named.leadId }),
  };
  expect(liveSafetyProblems(send, valid, {})).toEqual([expect.stringContaining("changes or reveals something no one opted into")]);
  const contractOnly: ContractCase = {
    ...base,
    name: "an unknown field",
    kind: "negative",
    phase: "coverage",
    rule: "contract-only",
    body: "{}",
  };
  expect(liveSafetyProblems(send, contractOnly, {})).toEqual([expect.stringContaining("contract-only")]);
  const exampleId: ContractCase = {
    ...contractOnly,
    rule: "documented",
    body: JSON.stringify({ lead_id: "3c90c3cc-0d44-4b50-8888-8dd25736052a" }),
  };
  expect(liveSafetyProblems(send, exampleId, {})).toEqual([expect.stringContaining("is printed in the spec")]);
  const namedLead: ContractCase = { ...exampleId, body: JSON.stringify({ lead_id: named.leadId }) };
  expect(liveSafetyProblems(send, namedLead, named)).toEqual([expect.stringContaining("you named is used by a coverage case")]);
  const reachable: ContractCase = {
    ...exampleId,
    body: JSON.stringify({ email: "ana@gmail.com", phone: "+14155552671", url: "https://hooks.slack.com/x" }),
  };
  expect(liveSafetyProblems(send, reachable, {})).toHaveLength(3);
  expect(isUuid(named.leadId)).toBe(true);
});

// A plan never expects an answer the checks would then fail: a negative is answered 400 by a server that reads the
// body (or the parameters) first, and 404 by one that looks the path's ids up first (Nexor documents neither order),
// so both must be statuses the operation documents, or status_code_conformance would fail a conforming server.
describe("what a plan expects of a conforming server", () => {
  const plans = [
    ["local", planCases(target("local", 3))],
    ["live", planCases(target("live", 3, { ids: named, sends: ["whatsapp", "email", "call"] }))],
  ] as const;

  test.for(plans)("%s: every negative is aimed at an operation that documents its rejection", ([, plan]) => {
    const undocumented = plan
      .filter((contractCase) => contractCase.kind === "negative" && !contractCase.skip)
      .flatMap((contractCase) => {
        const operation = operationById(contractCase.operationId);
        const expected = ["400", ...(operation.pathParams.length ? ["404"] : [])];
        const missing = expected.filter((status) => !operation.responses.includes(status) && !operation.responses.includes("4XX"));
        return missing.length ? [`${contractCase.operationId}: ${contractCase.name} may be answered ${missing.join(", ")}`] : [];
      });
    expect(undocumented).toEqual([]);
  });

  test.for(plans)("%s: every case of every operation expects a status the operation documents", ([, plan]) => {
    const undocumented = plan.flatMap((contractCase) => {
      const { responses } = operationById(contractCase.operationId);
      const expected = contractCase.kind === "auth" ? "401" : contractCase.kind === "positive" ? "2" : "4";
      const documented = responses.some((key) => key.startsWith(expected));
      return documented ? [] : [`${contractCase.operationId}: ${contractCase.name}`];
    });
    expect(undocumented).toEqual([]);
  });

  const bulk = operations.filter((operation) => operation.bulk?.partial);
  test("the bulk operations are the two the docs describe, with the array's own limit", () => {
    expect(bulk.map((operation) => operation.operationId)).toEqual(["createLeads", "routeLeads"]);
    for (const operation of bulk) {
      const array = operation.body!.variants.map((variant) => atPointerOf(variant.pointer)).find((schema) => schema.type === "array");
      expect(array?.maxItems, operation.operationId).toBe(operation.bulk!.maxItems);
    }
  });

  test.for(plans)("%s: a negative of a bulk body breaks the whole array and carries no valid item", ([, plan]) => {
    for (const operation of bulk) {
      const arrays = plan.filter(
        (contractCase) =>
          contractCase.operationId === operation.operationId && contractCase.kind === "negative" && contractCase.body?.startsWith("["),
      );
      const variant = operation.body!.variants.find((candidate) => atPointerOf(candidate.pointer).type === "array")!;
      const validItem = documentedValidatorAt(`${variant.pointer}/items`);
      for (const contractCase of arrays) {
        expect(contractCase.breaks, contractCase.name).not.toMatch(/ body \/\*/);
        const items = parseJson(contractCase.body!);
        if (Array.isArray(items))
          expect(
            items.filter((item) => validItem(item)),
            contractCase.name,
          ).toEqual([]);
      }
      expect(
        arrays.some((contractCase) => contractCase.breaks === "maxItems body /"),
        `${operation.operationId}: the item limit is still broken`,
      ).toBe(true);
    }
  });
});

function atPointerOf(pointer: string): { type?: unknown; maxItems?: number } {
  return atPointer(pointer) as { type?: unknown; maxItems?: number };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
