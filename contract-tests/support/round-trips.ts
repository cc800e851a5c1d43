// The writes a live run makes only when the person opts in (`NEXOR_LIVE_WRITE=tags,processors,leads`), each a round
// trip that undoes itself in a `finally`, whatever failed before: a tag created, its slug sent again (the documented
// 409; a second tag a server wrongly creates is deleted too), a second tag whose slug the first is renamed to (409),
// updated and deleted, deleted again (404); a processor created with two inactive rules that match nothing, the rules
// reordered, updated and deleted, the processor renamed and deleted (a soft delete: it stays, inactive, without
// rules); a metadata field of the test lead set and restored. Each write family also writes to fresh random ids,
// which name nothing, for its documented 404s. Every step is judged by every check (a documented refusal as a
// negative held to its status); a clean-up that fails is reported with the ids left behind.
import { randomBytes, randomUUID } from "node:crypto";
import type { CaseKind, ContractCase } from "./cases/contract-case.js";
import type { NoAnswerError } from "./http.js";
import { operationById, operations } from "./operations.js";
import { type CaseResult, runCase } from "./runner.js";
import { describeErrors, validatorAt } from "./spec.js";
import type { LiveWrite, Target } from "./target.js";

/** The metadata field of the test lead that the leads round trip sets and restores; the same on every run. */
export const metadataField = "nexor_contract_check";

/** What a round trip did: each step's result, what its clean-up could not undo, and what a person should know. */
export interface RoundTripReport {
  write: LiveWrite;
  results: CaseResult[];
  /** One sentence per thing left behind, with its id. Empty when everything was undone. */
  leftBehind: string[];
  notes: string[];
  stoppedBy?: NoAnswerError;
}

/** A round trip: the operations its steps call, the most requests it sends, and how to run it. */
export interface RoundTrip {
  write: LiveWrite;
  operations: readonly string[];
  maxRequests: number;
  run(target: Target, onResult?: (result: CaseResult) => void): Promise<RoundTripReport>;
}

/** The round trips `target.writes` opts into, in the order tags, processors, leads. */
export function roundTripsFor(target: Target): RoundTrip[] {
  return roundTrips.filter((trip) => target.writes?.includes(trip.write));
}

/** Which opted-in writes the spec lacks an operation for; the run refuses to start with them. */
export function missingOperations(writes: readonly LiveWrite[]): string[] {
  const known = new Set(operations.map((operation) => operation.operationId));
  return roundTrips
    .filter((trip) => writes.includes(trip.write))
    .flatMap((trip) =>
      trip.operations.filter((operationId) => !known.has(operationId)).map((operationId) => `${trip.write}: ${operationId}`),
    );
}

const hex = () => randomBytes(4).toString("hex");

// The steps of one round trip: each call is a positive case of the round-trip phase, run once and judged.
class Steps {
  readonly results: CaseResult[] = [];
  readonly leftBehind: string[] = [];
  readonly notes: string[] = [];
  stoppedBy?: NoAnswerError;

  constructor(
    private readonly target: Target,
    private readonly write: LiveWrite,
    private readonly onResult?: (result: CaseResult) => void,
  ) {}

  /**
   * Sends one step; `cleanUp` steps are sent even after the server stopped answering, as a last try. A `refused`
   * step is a documented negative: a request Nexor's docs say it rejects, judged as every negative is, and held to
   * `expectedStatus` where the docs name the one status of that rejection.
   */
  async call(
    operationId: string,
    what: string,
    parts: { path?: string[]; body?: unknown; refused?: string; expectedStatus?: number },
    cleanUp = false,
  ): Promise<{ ok: boolean; body: unknown }> {
    if (this.stoppedBy && !cleanUp) return { ok: false, body: undefined };
    const operation = operationById(operationId);
    if (parts.body !== undefined) {
      const validate = validatorAt(operation.body!.pointer);
      if (!validate(parts.body))
        throw new Error(
          `the ${this.write} round trip would send ${operationId} an invalid body: ${describeErrors(validate.errors).join("; ")}`,
        );
    }
    const contractCase: ContractCase = {
      operationId,
      name: `${this.write} round trip: ${what}`,
      kind: (parts.refused ? "negative" : "positive") satisfies CaseKind,
      ...(parts.refused && { rule: "documented", breaks: parts.refused }),
      ...(parts.expectedStatus !== undefined && { expectedStatus: parts.expectedStatus }),
      phase: "round-trip",
      credentials: "valid",
      path: Object.fromEntries(operation.pathParams.map((parameter, index) => [parameter.name, parts.path?.[index] ?? ""])),
      query: [],
      ...(parts.body !== undefined && { body: JSON.stringify(parts.body) }),
    };
    const result = await runCase(this.target, contractCase);
    this.results.push(result);
    this.onResult?.(result);
    this.stoppedBy ??= result.noAnswer;
    const status = result.exchange?.response.status ?? 0;
    let body: unknown;
    try {
      body = JSON.parse(result.exchange?.response.body ?? "");
    } catch {
      body = undefined;
    }
    return { ok: status >= 200 && status < 300, body };
  }

  report(): RoundTripReport {
    return {
      write: this.write,
      results: this.results,
      leftBehind: this.leftBehind,
      notes: this.notes,
      ...(this.stoppedBy && { stoppedBy: this.stoppedBy }),
    };
  }
}

/** The first value under a key named exactly `id`, depth first: the id of what a create returned. */
export function idOf(body: unknown): string | undefined {
  return firstOf(body, (record) => (typeof record.id === "string" ? record.id : undefined));
}

function metadataOf(body: unknown): Record<string, unknown> | undefined {
  return firstOf(body, (record) =>
    record.metadata && typeof record.metadata === "object" && !Array.isArray(record.metadata)
      ? (record.metadata as Record<string, unknown>)
      : undefined,
  );
}

// The first object, depth first, that `pick` finds something in. A stack of its own rather than recursion, so that a
// body nested 100,000 deep cannot overflow the call stack.
function firstOf<T>(body: unknown, pick: (record: Record<string, unknown>) => T | undefined): T | undefined {
  const pending: unknown[] = [body];
  for (let node = pending.pop(); pending.length || node !== undefined; node = pending.pop()) {
    if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--) pending.push(node[index]);
    } else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      const found = pick(record);
      if (found !== undefined) return found;
      const values = Object.values(record);
      for (let index = values.length - 1; index >= 0; index--) pending.push(values[index]);
    }
  }
  return undefined;
}

const roundTrips: readonly RoundTrip[] = [
  {
    write: "tags",
    operations: ["createTag", "updateTag", "deleteTag"],
    // create, the duplicate, the second tag, the rename to its slug, update, the two deletes, the delete again, the
    // update of an id that names nothing; in the clean-up at most the duplicate's delete, the second tag's and the tag's.
    maxRequests: 12,
    async run(target, onResult) {
      const steps = new Steps(target, "tags", onResult);
      const mark = hex();
      const slug = `nexor-contract-${mark}`;
      const body = {
        name: `Nexor contract test ${mark}`,
        slug,
        description: "Made by the Nexor API contract suite, which deletes it again.",
      };
      const created = await steps.call("createTag", "creates a tag with a unique slug", { body });
      const id = created.ok ? idOf(created.body) : undefined;
      // A slug is unique per account: the same request again is documented to be refused with 409 and to create
      // nothing; another rejection (a 400) breaks that promise too. A server that accepts it has made a second tag,
      // which is deleted with the first.
      let duplicate: { sent: boolean; id?: string } = { sent: false };
      let deleted = false;
      // A second tag, whose slug the first is renamed to: a slug another tag has is documented to be refused (409).
      const otherSlug = `nexor-contract-${mark}-other`;
      let other: string | undefined;
      try {
        if (!id) return steps.report();
        const again = await steps.call("createTag", "refuses a second tag with the same slug (409)", {
          body,
          refused: "unique slug: the slug of an existing tag",
          expectedStatus: 409,
        });
        // An answer naming the first tag created nothing new (still a broken promise, which the checks report).
        const againId = again.ok ? idOf(again.body) : undefined;
        if (again.ok && againId !== id) duplicate = { sent: true, ...(againId && { id: againId }) };
        const second = await steps.call("createTag", "creates a second tag", {
          body: { ...body, name: `${body.name} other`, slug: otherSlug },
        });
        other = second.ok ? idOf(second.body) : undefined;
        if (second.ok && !other)
          steps.leftBehind.push(`a second tag with slug ${otherSlug} was accepted without an id: find it and delete it`);
        if (other) {
          await steps.call("updateTag", "refuses the slug of another tag (409)", {
            path: [id],
            body: { slug: otherSlug },
            refused: "unique slug: the slug of another tag",
            expectedStatus: 409,
          });
        }
        await steps.call("updateTag", "updates its description", {
          path: [id],
          body: { description: "Updated by the Nexor API contract suite." },
        });
        if (other && (await steps.call("deleteTag", "deletes the second tag", { path: [other] })).ok) other = undefined;
        deleted = (await steps.call("deleteTag", "deletes it", { path: [id] })).ok;
        // Deleting it again changes nothing: the docs answer 404 for a tag that does not exist, and a deleted tag does not.
        if (deleted) {
          await steps.call("deleteTag", "answers a second delete with the documented 404", {
            path: [id],
            refused: "an existing tag: this one was deleted",
            expectedStatus: 404,
          });
        }
        await steps.call("updateTag", "answers an update of an id that names nothing with the documented 404", {
          path: [randomUUID()],
          body: { description: "Never stored: no tag has this id." },
          refused: "an existing tag: a fresh random id names nothing",
          expectedStatus: 404,
        });
      } finally {
        if (other && !(await steps.call("deleteTag", "clean-up: deletes the second tag", { path: [other] }, true)).ok) {
          steps.leftBehind.push(`tag ${other} (slug ${otherSlug}) is left: delete it`);
        }
        if (duplicate.sent && !duplicate.id) {
          steps.leftBehind.push(`a second tag with slug ${slug} was accepted without an id: find it and delete it`);
        } else if (
          duplicate.id &&
          !(
            await steps.call("deleteTag", "clean-up: deletes the second tag the server should have refused", { path: [duplicate.id] }, true)
          ).ok
        ) {
          steps.leftBehind.push(`tag ${duplicate.id} (a second tag with slug ${slug}) is left: delete it`);
        }
        if (id && !deleted && !(await steps.call("deleteTag", "clean-up: deletes the tag", { path: [id] }, true)).ok) {
          steps.leftBehind.push(`tag ${id} (slug ${slug}) is left: delete it`);
        }
      }
      return steps.report();
    },
  },
  {
    write: "processors",
    operations: [
      "createProcessor",
      "getProcessor",
      "updateProcessor",
      "createProcessorRule",
      "reorderProcessorRules",
      "updateProcessorRule",
      "deleteProcessorRule",
      "deleteProcessor",
    ],
    // create, read, two rules, reorder, rename a rule, two rule deletes, rename, delete, four writes to ids that name
    // nothing; in the clean-up at most two rule deletes and the processor's.
    maxRequests: 17,
    async run(target, onResult) {
      const steps = new Steps(target, "processors", onResult);
      const workflowId = target.ids.workflowId!;
      const mark = hex();
      const created = await steps.call("createProcessor", "creates a processor", {
        body: {
          name: `Nexor contract test ${mark}`,
          description: "Made by the Nexor API contract suite, which deletes it again.",
          default_workflow_id: workflowId,
        },
      });
      const processorId = created.ok ? idOf(created.body) : undefined;
      const rules: string[] = [];
      let deleted = false;
      try {
        if (!processorId) return steps.report();
        await steps.call("getProcessor", "reads it back", { path: [processorId] });
        for (const position of [1, 2]) {
          // Inactive, and matching only a metadata value no lead has: a rule that can route no one.
          const rule = await steps.call("createProcessorRule", `creates inactive rule ${position}`, {
            path: [processorId],
            body: {
              name: `Nexor contract test ${mark} rule ${position}`,
              workflow_id: workflowId,
              conditions: [{ field: `metadata.${metadataField}`, operator: "eq", value: `never-${mark}` }],
              is_active: false,
            },
          });
          const ruleId = rule.ok ? idOf(rule.body) : undefined;
          if (ruleId) rules.push(ruleId);
        }
        if (rules.length === 2) {
          await steps.call("reorderProcessorRules", "reorders the rules", {
            path: [processorId],
            body: { rule_ids: [...rules].reverse() },
          });
          await steps.call("updateProcessorRule", "renames a rule", {
            path: [processorId, rules[0]!],
            body: { name: `Nexor contract test ${mark} renamed` },
          });
        }
        for (const ruleId of [...rules]) {
          if ((await steps.call("deleteProcessorRule", "deletes a rule", { path: [processorId, ruleId] })).ok)
            rules.splice(rules.indexOf(ruleId), 1);
        }
        await steps.call("updateProcessor", "renames the processor", {
          path: [processorId],
          body: { name: `Nexor contract test ${mark} renamed` },
        });
        // Writes to a processor no id names: each documented to be answered 404, and none can route anyone.
        const nowhere = { refused: "an existing processor: a fresh random id names nothing", expectedStatus: 404 };
        await steps.call("updateProcessor", "answers an update of an id that names nothing with the documented 404", {
          path: [randomUUID()],
          body: { name: `Nexor contract test ${mark} nowhere` },
          ...nowhere,
        });
        const nowhereId = randomUUID();
        const strayRule = await steps.call("createProcessorRule", "answers a rule for a processor no id names with the documented 404", {
          path: [nowhereId],
          body: {
            name: `Nexor contract test ${mark} nowhere`,
            workflow_id: workflowId,
            conditions: [{ field: `metadata.${metadataField}`, operator: "eq", value: `never-${mark}` }],
            is_active: false,
          },
          ...nowhere,
        });
        // A server that wrongly stores that rule has a rule no clean-up can be sure to reach: it is named, never ignored.
        if (strayRule.ok) {
          const strayId = idOf(strayRule.body);
          steps.leftBehind.push(
            `a rule${strayId ? ` ${strayId}` : ""} was accepted for processor ${nowhereId}, which no id named: find it and delete it`,
          );
        }
        await steps.call("reorderProcessorRules", "answers a reorder for a processor no id names with the documented 404", {
          path: [randomUUID()],
          body: { rule_ids: [randomUUID(), randomUUID()] },
          ...nowhere,
        });
        await steps.call("deleteProcessor", "answers a delete of an id that names nothing with the documented 404", {
          path: [randomUUID()],
          ...nowhere,
        });
        deleted = (
          await steps.call("deleteProcessor", "deletes the processor (a soft delete: it becomes inactive)", { path: [processorId] })
        ).ok;
      } finally {
        for (const ruleId of rules) {
          if (!(await steps.call("deleteProcessorRule", "clean-up: deletes a rule", { path: [processorId!, ruleId] }, true)).ok) {
            steps.leftBehind.push(`rule ${ruleId} of processor ${processorId} is left: delete it`);
          }
        }
        if (
          processorId &&
          !deleted &&
          !(await steps.call("deleteProcessor", "clean-up: deletes the processor", { path: [processorId] }, true)).ok
        ) {
          steps.leftBehind.push(`processor ${processorId} is left active: delete it`);
        }
      }
      return steps.report();
    },
  },
  {
    write: "leads",
    operations: ["getLead", "updateLead", "putLead"],
    // read, set, read again, restore, and the two updates of an id that names nothing.
    maxRequests: 6,
    async run(target, onResult) {
      const steps = new Steps(target, "leads", onResult);
      const leadId = target.ids.leadId!;
      const before = await steps.call("getLead", "reads the test lead's metadata", { path: [leadId] });
      const metadata = before.ok ? metadataOf(before.body) : undefined;
      if (!metadata) {
        steps.notes.push(`lead ${leadId} could not be read, so none of its metadata was changed`);
        return steps.report();
      }
      const existed = metadataField in metadata;
      // Metadata merges on update and takes strings, numbers or booleans, never null: a field cannot be removed.
      // A field that did not exist is left as an empty string; later runs find it and restore it exactly.
      const restore = existed ? metadata[metadataField] : "";
      const marker = `set by the Nexor API contract suite ${hex()}`;
      let set = false;
      try {
        set = (
          await steps.call("updateLead", `sets metadata.${metadataField}`, {
            path: [leadId],
            body: { metadata: { [metadataField]: marker } },
          })
        ).ok;
        if (set) await steps.call("getLead", "reads the lead again", { path: [leadId] });
        // An update of a lead no id names: documented to be answered 404, and it reaches no one.
        for (const operationId of ["updateLead", "putLead"]) {
          await steps.call(operationId, "answers an update of an id that names nothing with the documented 404", {
            path: [randomUUID()],
            body: { metadata: { [metadataField]: marker } },
            refused: "an existing lead: a fresh random id names nothing",
            expectedStatus: 404,
          });
        }
      } finally {
        if (set || steps.stoppedBy) {
          const restored = await steps.call(
            "updateLead",
            `clean-up: restores metadata.${metadataField}`,
            { path: [leadId], body: { metadata: { [metadataField]: restore } } },
            true,
          );
          if (!restored.ok)
            steps.leftBehind.push(
              `lead ${leadId}: metadata.${metadataField} may be left as "${marker}": set it back to ${JSON.stringify(restore)}`,
            );
          else if (!existed) {
            steps.notes.push(
              `lead ${leadId}: metadata.${metadataField} did not exist before; the API cannot remove a metadata field, so it is left as "" and later runs restore it exactly`,
            );
          }
        }
      }
      return steps.report();
    },
  },
];
