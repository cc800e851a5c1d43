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
  UnsuccessfulResponseError,
} from "../../src/index.js";
import type { ContractCase } from "../support/cases/contract-case.js";
import { clientConformance, firstDifference } from "../support/checks/client-conformance.js";
import type { CheckFailure } from "../support/checks/types.js";
import { type ClientFactory, throughClient } from "../support/client-replay.js";
import { send } from "../support/http.js";
import { buildRequest, type CaseResult, judge, runCase } from "../support/runner.js";
import { requestExamples, responseExamples } from "../support/spec.js";
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

describe("a client that sends another request than the case", () => {
  test("another key: the replayed answer is not its own, and that is reported, the key hidden", async () => {
    const otherKey = (options: ClientOptions) => createNexorClient({ ...options, apiKey: "nxr_live_another_key_0123456789" });
    const [found, ...more] = conformance(await run(cases.readLead(), otherKey));
    expect(more).toEqual([]);
    expect(found?.message).toMatch(
      /^leads\.get: promise 1 broken .*: the client sent GET \S+\/leads\/[0-9a-f-]{36} with another X-API-Key, not the request the server answered$/,
    );
    expect(JSON.stringify(found)).not.toContain("nxr_live_another_key");
  });
});

describe("a client that cannot be made", () => {
  test("is judged as a refusal, and the run goes on", async () => {
    const broken: ClientFactory = () => {
      throw new TypeError("planted: no client for these settings");
    };
    const [found] = conformance(await run(cases.readLead(), broken));
    expect(found?.message).toMatch(/^leads\.get: promise 1 broken .*the client refused to send it \(threw TypeError: planted: no client/);
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

describe("the documented shapes of a 2xx, replayed by hand", () => {
  // No server: the answer is handed to the client as the replay of a case, as a live run would have received it.
  const replayed = async (contractCase: ContractCase, status: number, body: unknown, factory?: ClientFactory) => {
    const local: Target = {
      kind: "local",
      baseUrl: "http://127.0.0.1:9/api/public",
      apiKey: "nxr_live_replayed_by_hand",
      seed: 1,
      cases: 0,
      timeoutMs: 1_000,
      ids: {},
    };
    const { request, secrets } = buildRequest(local, contractCase);
    const response = { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    const outcome = await throughClient(local, contractCase, request, response, factory);
    return judge(local, contractCase, request, response, secrets, outcome);
  };
  const bareLead = responseExamples("getLead", "200").guide;
  const getLead: ContractCase = { ...base, operationId: "getLead", name: "reads a lead", path: { id: randomUUID() } };
  const notSent = { ...(responseExamples("sendMessage", "200").whatsapp_text as object), success: false };
  const send: ContractCase = {
    ...base,
    operationId: "sendMessage",
    name: "sends a message",
    body: JSON.stringify(requestExamples("sendMessage").whatsapp_text),
  };

  test("a bare lead comes back wrapped as its x-nexor-envelope says, and that is no change", async () => {
    const result = await replayed(getLead, 200, bareLead);
    expect(result.failures).toEqual([]);
    expect(result.exchange?.client?.settled).toEqual({ data: { lead: bareLead } });
  });
  test("a client that returns the bare lead unwrapped breaks promise 2", async () => {
    const unwrapped = planted(
      "leads.get",
      (original) =>
        async (...args) =>
          ((await original(...args)) as { lead: unknown }).lead,
    );
    const [found] = conformance(await replayed(getLead, 200, bareLead, unwrapped));
    expect(found?.message).toMatch(/^leads\.get: promise 2 broken .*differs from the 200 answer at \/(id|lead)$/);
  });
  test("success: false becomes UnsuccessfulResponseError, as x-nexor-success-flag documents", async () => {
    const result = await replayed(send, 200, notSent);
    expect(result.failures).toEqual([]);
    expect(result.exchange?.client?.settled).toEqual({ error: expect.any(UnsuccessfulResponseError) });
  });
  test("a client that returns success: false as data breaks promise 2", async () => {
    const lenient = planted("messages.send", (original) => async (...args) => {
      try {
        return await original(...args);
      } catch (error) {
        if (error instanceof UnsuccessfulResponseError) return error.body;
        throw error;
      }
    });
    const [found] = conformance(await replayed(send, 200, notSent, lenient));
    expect(found?.message).toMatch(
      /^messages\.send: promise 2 broken .*success: false, which the client documents as UnsuccessfulResponseError with mayHaveBeenProcessed false; it resolved$/,
    );
  });
  test("a documented 500 is InternalServerError and may have been processed; saying otherwise breaks promise 3", async () => {
    const error = { error: "Internal server error" };
    expect(conformance(await replayed(send, 500, error))).toEqual([]);
    const calm = planted(
      "messages.send",
      rethrown((failed) => new APIError({ status: failed.status, headers: failed.headers, body: failed.body }, failed.message, false)),
    );
    const [found] = conformance(await replayed(send, 500, error, calm));
    expect(found?.message).toMatch(
      /^messages\.send: promise 3 broken .*documented as InternalServerError, and the client threw APIError, mayHaveBeenProcessed false/,
    );
  });
});

describe("firstDifference", () => {
  test("names the first field that differs, as a JSON pointer", () => {
    expect(firstDifference({ a: { b: [1, 2] } }, { a: { b: [1, 2] } })).toBeUndefined();
    expect(firstDifference({ a: { b: [1, 3] } }, { a: { b: [1, 2] } })).toBe("/a/b/1");
    expect(firstDifference({ a: 1 }, { a: 1, "x/y~": 2 })).toBe("/x~1y~0");
    expect(firstDifference([1], { 0: 1 })).toBe("");
  });
  test("compares an answer nested 100,000 deep without overflowing the stack", () => {
    const text = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    expect(firstDifference(JSON.parse(text), JSON.parse(text))).toBeUndefined();
    expect(firstDifference(JSON.parse(text), JSON.parse(text.replace("1", "2")))).toBe("/a".repeat(100_000));
  });
});
