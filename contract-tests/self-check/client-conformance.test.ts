// Proof that client_conformance can fail, for each of its promises, in each direction: cases sent to a simulator
// (a Nexor written from the docs) are made through a client with a planted disagreement, passed to the runner as its
// client factory, never planted in src/. The client stricter than the server (it refuses a body the server accepts),
// the client changing a 2xx answer, and the client mapping a documented error to the wrong class or the wrong
// mayHaveBeenProcessed are each caught, and the same cases through the real client pass. The replay sends nothing:
// the simulator gets one request per case.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Simulator, startSimulator } from "../../simulator/index.js";
import {
  APIError,
  BadRequestError,
  type ClientOptions,
  createNexorClient,
  type NexorClient,
  NotFoundError,
  RequestValidationError,
} from "../../src/index.js";
import type { ContractCase } from "../support/cases/contract-case.js";
import { clientConformance } from "../support/checks/client-conformance.js";
import type { CheckFailure } from "../support/checks/types.js";
import type { ClientFactory } from "../support/client-replay.js";
import { send } from "../support/http.js";
import { type CaseResult, runCase } from "../support/runner.js";
import type { Target } from "../support/target.js";

type Method = (...args: unknown[]) => Promise<unknown>;

/** A factory of real clients with the method at `path` (`leads.get`) replaced by `replace(original)`. */
function planted(path: string, replace: (original: Method) => Method): ClientFactory {
  return (options: ClientOptions) => {
    const client = createNexorClient(options);
    const names = path.split(".");
    const owner = names
      .slice(0, -1)
      .reduce<Record<string, unknown>>((node, name) => node[name] as Record<string, unknown>, client as never);
    const original = owner[names.at(-1)!] as Method;
    owner[names.at(-1)!] = replace(original);
    return client as NexorClient;
  };
}

/** The same error with another class or another mayHaveBeenProcessed: a client that misreads a documented error. */
function rethrown(make: (error: APIError) => Error): (original: Method) => Method {
  return (original) =>
    async (...args) => {
      try {
        return await original(...args);
      } catch (error) {
        throw error instanceof APIError ? make(error) : error;
      }
    };
}

const stricter = planted("tags.create", () => async () => {
  throw new RequestValidationError([{ path: "name", message: "name is not allowed" }]);
});
const refusesArrays = planted("leads.create", (original) => async (...args) => {
  if (Array.isArray(args[0])) throw new RequestValidationError([{ path: "", message: "body must be one lead" }]);
  return original(...args);
});
const changesAnswer = planted("leads.get", (original) => async (...args) => {
  const data = (await original(...args)) as { lead: Record<string, unknown> };
  const { email: _dropped, ...lead } = data.lead;
  return { ...data, lead };
});
const wrongClass = planted(
  "leads.get",
  rethrown((error) => new BadRequestError({ status: error.status, headers: error.headers, body: error.body }, error.message)),
);
const wrongProcessed = planted(
  "leads.get",
  rethrown((error) => new NotFoundError({ status: error.status, headers: error.headers, body: error.body }, error.message, true)),
);

let simulator: Simulator;
let target: Target;
let requests = 0;
const counted = (...args: Parameters<typeof send>) => {
  requests++;
  return send(...args);
};

beforeAll(async () => {
  simulator = await startSimulator({});
  target = { kind: "local", baseUrl: simulator.baseUrl, apiKey: simulator.apiKey, seed: 1, cases: 0, timeoutMs: 10_000, ids: {} };
});
afterAll(() => simulator?.close());

const base: Omit<ContractCase, "operationId" | "name"> = { kind: "positive", phase: "examples", credentials: "valid", path: {}, query: [] };
const cases = {
  createTag: (): ContractCase => ({
    ...base,
    operationId: "createTag",
    name: "creates a tag",
    body: JSON.stringify({ name: "Conformance", slug: `conformance-${randomUUID().slice(0, 8)}` }),
  }),
  tagWithoutName: (): ContractCase => ({
    ...base,
    operationId: "createTag",
    name: "rejects a tag without a name",
    kind: "negative",
    phase: "coverage",
    rule: "documented",
    breaks: "required body /name",
    body: JSON.stringify({ slug: `conformance-${randomUUID().slice(0, 8)}` }),
  }),
  // The documented partial success of a bulk create: the invalid item fails alone, the valid one is created.
  partialBulk: (): ContractCase => ({
    ...base,
    operationId: "createLeads",
    name: "accepts an array of one valid and one invalid lead",
    body: JSON.stringify([{ first_name: "Ada", last_name: "Lovelace", email: `ada-${randomUUID().slice(0, 8)}@example.com` }, {}]),
  }),
  readLead: (): ContractCase => ({
    ...base,
    operationId: "getLead",
    name: "reads the test lead",
    phase: "lead",
    path: { id: simulator.seed.leadId },
  }),
  unknownLead: (): ContractCase => ({
    ...base,
    operationId: "getLead",
    // A valid request the server must refuse with its documented 404: a negative, as the checks count 4xx answers.
    name: "rejects a read of a lead that is not there",
    kind: "negative",
    rule: "documented",
    breaks: "an id no lead has",
    path: { id: randomUUID() },
  }),
  withoutKey: (): ContractCase => ({
    ...base,
    operationId: "listTags",
    name: "rejects a request without a key",
    kind: "auth",
    phase: "auth",
    credentials: "missing",
  }),
};

async function run(contractCase: ContractCase, factory?: ClientFactory): Promise<CaseResult> {
  const before = requests;
  const result = await runCase(target, contractCase, counted, factory);
  // The client's call is a replay of the answer: the server was asked once.
  expect(requests - before).toBe(1);
  return result;
}

const conformance = (result: CaseResult) => result.failures.filter((failure) => failure.check === "client_conformance");

describe("through the real client", () => {
  test.for(Object.keys(cases) as Array<keyof typeof cases>)("%s keeps every promise, client_conformance included", async (name) => {
    const result = await run(cases[name]());
    expect(result.failures).toEqual([]);
    expect(result.passed).toContain("client_conformance");
  });

  test("a negative the client refuses before sending passes: that is the expected outcome", async () => {
    const result = await run(cases.tagWithoutName());
    expect(result.exchange?.response.status).toBe(400);
    expect(result.exchange?.client?.sent).toBeUndefined();
    expect(result.exchange?.client?.settled).toMatchObject({ error: expect.any(RequestValidationError) });
  });
});

describe("a client stricter than the server", () => {
  test("refusing a body the server accepted breaks promise 1, naming the method and the case", async () => {
    const [found, ...more] = conformance(await run(cases.createTag(), stricter));
    expect(more).toEqual([]);
    expect(found?.case).toBe("createTag: creates a tag");
    expect(found?.message).toMatch(
      /^tags\.create: promise 1 broken \(a request the server accepted passes the client's validation\): the server accepted it with 201, but the client refused to send it \(threw RequestValidationError/,
    );
  });
  test("refusing a body the server rejected is not a disagreement", async () => {
    expect(conformance(await run(cases.tagWithoutName(), stricter))).toEqual([]);
  });
});

describe("a partial bulk, whose invalid items the server fails alone", () => {
  test("the real client refuses the invalid item before sending, and would send the valid one: agreement", async () => {
    const result = await run(cases.partialBulk());
    expect(result.exchange?.response.status).toBe(201);
    expect(result.exchange?.client).toMatchObject({ restSent: true, settled: { error: expect.any(RequestValidationError) } });
  });
  test("a client that refuses the valid items too breaks promise 1", async () => {
    const [found, ...more] = conformance(await run(cases.partialBulk(), refusesArrays));
    expect(more).toEqual([]);
    expect(found?.message).toMatch(
      /^leads\.create: promise 1 broken .*: the server accepted it with 201, but the client refused to send it \(threw RequestValidationError/,
    );
  });
});

describe("a client that misreads an answer", () => {
  test("changing a 2xx value breaks promise 2, at the field it changed", async () => {
    const [found, ...more] = conformance(await run(cases.readLead(), changesAnswer));
    expect(more).toEqual([]);
    expect(found?.message).toBe(
      "leads.get: promise 2 broken (a 2xx answer comes back from the method unchanged): the method resolved with a value that differs from the 200 answer at /lead/email",
    );
  });
  test("a documented 404 as the wrong class breaks promise 3", async () => {
    const [found, ...more] = conformance(await run(cases.unknownLead(), wrongClass));
    expect(more).toEqual([]);
    expect(found?.message).toMatch(
      /^leads\.get: promise 3 broken \(a documented error becomes its documented error class\): the server answered 404, documented as NotFoundError, and the client threw BadRequestError, mayHaveBeenProcessed false: /,
    );
  });
  test("a documented 404 that says it may have been processed breaks promise 3", async () => {
    const [found, ...more] = conformance(await run(cases.unknownLead(), wrongProcessed));
    expect(more).toEqual([]);
    expect(found?.message).toBe(
      "leads.get: promise 3 broken (a documented error becomes its documented error class): the server answered 404: NotFoundError with mayHaveBeenProcessed false, and the client said true",
    );
  });
  test("the planted clients agree with the server where they change nothing", async () => {
    expect(conformance(await run(cases.unknownLead(), changesAnswer))).toEqual([]);
    expect(conformance(await run(cases.readLead(), wrongClass))).toEqual([]);
  });
});

describe("the check on its own", () => {
  test("does not apply to an exchange no client method made", async () => {
    const result = await run(cases.readLead());
    const { client: _client, ...exchange } = result.exchange!;
    expect(clientConformance(exchange)).toBe("not applicable");
  });
  test("a failure carries the request and the answer, the key hidden", async () => {
    const found = conformance(await run(cases.createTag(), stricter))[0] as CheckFailure;
    expect(found.request.method).toBe("POST");
    expect(found.response?.status).toBe(201);
    expect(JSON.stringify(found)).not.toContain(simulator.apiKey);
  });
});
