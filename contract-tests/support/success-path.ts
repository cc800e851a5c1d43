// The success path of every operation, which a live run never sends (it would write, or reach a person): sent only
// to a simulator this process started itself, so that it cannot reach any other server (there is no URL to give it).
// For each operation, in an order where what a request names exists first (creates, then the rest, deletes last),
// the spec's first request example is sent with its ids replaced by the simulator's seeded ones or by those of what
// the path created before; each answer is judged by every check as a positive case. A bulk operation that succeeds
// partially (`x-nexor-bulk`) also gets an array of one valid and one invalid item, which it must accept.
import { randomBytes } from "node:crypto";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../simulator/index.js";
import type { ContractCase } from "./cases/contract-case.js";
import { exampleBodies } from "./cases/positive.js";
import { isObject } from "./cases/schema-walk.js";
import { isUuid } from "./cases/values.js";
import { documentedValidatorAt } from "./documented.js";
import { type Operation, operations } from "./operations.js";
import { type CaseResult, runCase } from "./runner.js";
import type { Target } from "./target.js";

/** What the path knows about the simulator's account: its seed and what the path created. */
interface Known {
  seed: Simulator["seed"];
  created: Partial<Record<"tag" | "processor" | "rule" | "meeting", string>> & { rules: string[] };
}

// Creates first, deletes last, the spec's order otherwise: every id a request names then exists.
const rank = (operation: Operation) =>
  operation.method === "DELETE" ? 2 : operation.method === "POST" && !operation.pathParams.length ? 0 : 1;
const ordered = [...operations].sort((a, b) => rank(a) - rank(b));

function pathIdOrUndefined(operation: Operation, name: string, known: Known): string | undefined {
  try {
    return pathId(operation, name, known);
  } catch {
    return undefined;
  }
}

// The resource a path names by its segment: `/tags/{id}` a tag, `/processors/{processorId}/rules/{ruleId}` a rule.
function pathId(operation: Operation, name: string, known: Known): string {
  const segment = operation.path.split("/").indexOf(`{${name}}`);
  const resource = operation.path.split("/")[segment - 1];
  const ids: Record<string, string | undefined> = {
    leads: known.seed.leadId,
    tags: known.created.tag,
    processors: known.created.processor,
    rules: known.created.rule,
    meetings: known.created.meeting,
    "master-workflows": known.seed.masterWorkflowId,
  };
  const id = resource && ids[resource];
  if (!id) throw new Error(`${operation.operationId}: the success path has no ${resource ?? name} for {${name}}`);
  return id;
}

// A body field's value in the simulator's account, by the field's name; undefined keeps the example's value.
function fieldValue(key: string, known: Known): unknown {
  const { seed, created } = known;
  const byName: Record<string, unknown> = {
    lead_id: seed.leadId,
    workflow_id: seed.workflowId,
    workflowId: seed.secondWorkflowId,
    default_workflow_id: seed.workflowId,
    template_id: seed.templateIds[0],
    conversion_type_id: seed.conversionTypeIds[0],
    master_workflow_id: seed.masterWorkflowId,
    campaign_id: seed.campaignId,
    meeting_type_id: seed.meetingTypeId,
    calendar_event_id: created.meeting,
    tagId: created.tag,
    tagIds: created.tag && [created.tag],
    rule_ids: created.rules.length ? [...created.rules].reverse() : undefined,
    host_email: seed.hostEmail,
    lead_email: seed.leadEmail,
  };
  return byName[key];
}

/** The example body with its ids made the simulator's; ids the account cannot have (a workflow run) are left out. */
function inAccount(body: unknown, known: Known, key = ""): unknown {
  if (Array.isArray(body)) {
    const replaced = fieldValue(key, known);
    return replaced !== undefined ? replaced : body.map((item) => inAccount(item, known, key));
  }
  if (isObject(body)) {
    return Object.fromEntries(
      Object.entries(body)
        .filter(([name, value]) => !(name === "workflow_run_id" && isUuid(value)))
        .map(([name, value]) => [name, inAccount(value, known, name)]),
    );
  }
  const replaced = fieldValue(key, known);
  if (replaced !== undefined) return replaced;
  // A unique slug and external ids: the path may create twice (the bulk check), and a slug is unique per account.
  if (typeof body === "string" && (key === "slug" || key === "external_event_id" || key === "external_meeting_id"))
    return `${body}-${randomBytes(3).toString("hex")}`;
  return body;
}

// The id of what a create made: the first `id` of the answer's object (`{data: {id}}`, `{processor: {id}}`, `{id}`).
function createdId(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  if (isUuid(body.id)) return body.id as string;
  for (const value of Object.values(body)) if (isObject(value) && isUuid(value.id)) return value.id as string;
  return undefined;
}

const remember: Record<string, (known: Known, id: string) => void> = {
  createTag: (known, id) => {
    known.created.tag = id;
  },
  createProcessor: (known, id) => {
    known.created.processor = id;
  },
  createProcessorRule: (known, id) => {
    known.created.rule = id;
    known.created.rules.push(id);
  },
  createMeeting: (known, id) => {
    known.created.meeting = id;
  },
};

/** The cases of the success path, built one at a time from what the earlier answers created. */
async function* successCases(known: Known, notRun: string[]): AsyncGenerator<ContractCase, void, CaseResult> {
  for (const operation of ordered) {
    // An operation whose resource no earlier answer created (that create's answer broke its promise) is not sent.
    const missing = operation.pathParams.filter((parameter) => !pathIdOrUndefined(operation, parameter.name, known));
    if (missing.length) {
      notRun.push(`${operation.operationId}: no ${missing.map((parameter) => `{${parameter.name}}`).join(", ")} was created`);
      continue;
    }
    const example = exampleBodies(operation.operationId)[0];
    const body = example && inAccount(example.body, known);
    const base = {
      operationId: operation.operationId,
      kind: "positive" as const,
      phase: "examples" as const,
      credentials: "valid" as const,
      path: Object.fromEntries(operation.pathParams.map((parameter) => [parameter.name, pathId(operation, parameter.name, known)])),
      query: [] as Array<[string, string]>,
    };
    const result = yield {
      ...base,
      name: `succeeds with ${example ? `the ${example.example} example` : "its required parameters"} on the simulator's account`,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    };
    const id = createdId(parseJson(result.exchange?.response.body));
    if (id) remember[operation.operationId]?.(known, id);
    // Partial success: one valid item and one invalid one (the first documented-invalid of `{}` and null).
    if (operation.bulk?.partial && isObject(body)) {
      const variant = operation.body!.variants.find((candidate) => candidate.name !== example!.variant) ?? operation.body!.variants[0]!;
      const invalid = [{}, null].find((candidate) => !documentedValidatorAt(`${variant.pointer}/items`)(candidate));
      yield {
        ...base,
        name: "accepts an array of one valid and one invalid item, as a bulk request that succeeds partially",
        body: JSON.stringify([inAccount(example!.body, known), invalid]),
      };
    }
  }
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Sends the success path of every operation to `simulator`; each result judged by every check. Not exported: the
// only way in is judgeSuccessPath, which starts the simulator itself, so no caller can hand it another server.
async function runSuccessPath(simulator: Simulator, seed: number): Promise<{ results: CaseResult[]; notRun: string[] }> {
  const target: Target = {
    kind: "local",
    baseUrl: simulator.baseUrl,
    apiKey: simulator.apiKey,
    seed,
    cases: 0,
    timeoutMs: 10_000,
    ids: {},
  };
  const known: Known = { seed: simulator.seed, created: { rules: [] } };
  const results: CaseResult[] = [];
  const notRun: string[] = [];
  const cases = successCases(known, notRun);
  let next = await cases.next();
  while (!next.done) {
    const result = await runCase(target, next.value);
    results.push(result);
    if (result.noAnswer) break;
    next = await cases.next(result);
  }
  return { results, notRun };
}

/** Starts a simulator with `options`, sends it the success path, closes it. */
export async function judgeSuccessPath(options: SimulatorOptions, seed: number) {
  const simulator = await startSimulator(options);
  try {
    // The simulator listens on loopback only; this holds that true before a single valid write is sent.
    if (new URL(simulator.baseUrl).hostname !== "127.0.0.1")
      throw new Error(`the success path is for a loopback simulator, not ${simulator.baseUrl}`);
    const { results, notRun } = await runSuccessPath(simulator, seed);
    return { results, notRun, writes: [...simulator.writes] };
  } finally {
    await simulator.close();
  }
}
