// meetings: log a meeting booked elsewhere, and record its outcome (cancel, complete, no-show). Creating is sent
// again after a 503 only when the body carries both dedup keys, external_calendar_provider and external_event_id;
// the outcomes are idempotent, take an optional body, and answer 403 to a key without the meetings:write scope.
import type { ServerResponse } from "node:http";
import { describe, expect } from "vitest";
import type { CancelMeetingBody, CompleteMeetingBody, CreateMeetingBody, MarkMeetingNoShowBody } from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused, requestExample, responseExample, responseExamples, uuid } from "../support/resources.js";

const demo = requestExample<CreateMeetingBody>("createMeeting", "demo");
const cancel = requestExample<CancelMeetingBody>("cancelMeeting", "cancel");
const complete = requestExample<CompleteMeetingBody>("completeMeeting", "complete");
const noShow = requestExample<MarkMeetingNoShowBody>("markMeetingNoShow", "no_show");
const meeting = `/meetings/${uuid.meeting}`;

describeMethod("createMeeting", {
  method: (nexor) => nexor.meetings.create,
  // The example carries both dedup keys, which make it idempotent.
  args: [demo],
  sends: { method: "POST", path: "/meetings", body: demo },
  retried: true,
  contacts: ["lead"],
});

describeMethod("cancelMeeting", {
  method: (nexor) => nexor.meetings.cancel,
  args: [uuid.meeting, cancel],
  sends: { method: "POST", path: `${meeting}/cancel`, body: cancel },
  retried: true,
  contacts: ["lead", "host"],
});

describeMethod("completeMeeting", {
  method: (nexor) => nexor.meetings.complete,
  args: [uuid.meeting, complete],
  sends: { method: "POST", path: `${meeting}/complete`, body: complete },
  retried: true,
  contacts: [],
});

describeMethod("markMeetingNoShow", {
  method: (nexor) => nexor.meetings.noShow,
  args: [uuid.meeting, noShow],
  sends: { method: "POST", path: `${meeting}/no-show`, body: noShow },
  retried: true,
  contacts: ["lead"],
});

/** A server answering 503 first, then `body`. */
const unavailableThen = (status: number, body: unknown) => (_request: unknown, response: ServerResponse, index: number) =>
  index === 0 ? json(response, 503, { error: "Service unavailable" }, { "retry-after": "0" }) : json(response, status, body);

describe.concurrent("meetings.create is retried only with both dedup keys", () => {
  const { external_calendar_provider: _provider, external_event_id: _event, ...withoutKeys } = demo;

  test("with external_calendar_provider and external_event_id, a 503 is sent again", async ({ serve }) => {
    const server = await serve(unavailableThen(201, { success: true }));
    await expect(clientOf(server).meetings.create(demo)).resolves.toEqual({ success: true });
    expect(server.requests).toHaveLength(2);
  });

  test.for([
    ["without either key", withoutKeys],
    ["with external_calendar_provider only", { ...withoutKeys, external_calendar_provider: "calendly" }],
    ["with external_event_id only", { ...withoutKeys, external_event_id: "5f7c2a9e1b3d4c6a" }],
  ] as const)("%s, a 503 is not sent again and may have been processed", async ([, body], { serve }) => {
    const server = await serve(unavailableThen(201, { success: true }));
    const creating = clientOf(server, { maxRetries: 2 }).meetings.create(body);
    await expect(creating).rejects.toMatchObject({ name: "InternalServerError", status: 503, mayHaveBeenProcessed: true });
    await expect(creating).rejects.toThrow("It was not retried. The lead may already have been contacted");
    expect(server.requests).toHaveLength(1);
  });

  test("without a lead_email or lead_id it is refused before sending", async ({ serve }) => {
    const { lead_email: _email, ...body } = demo;
    await expectRefused(serve, (nexor) => nexor.meetings.create(body as CreateMeetingBody), "lead_email or lead_id");
  });
});

describe.concurrent("meeting outcomes", () => {
  test.for([
    ["cancel", "cancel", "cancelMeeting"],
    ["complete", "complete", "completeMeeting"],
    ["noShow", "no-show", "markMeetingNoShow"],
  ] as const)("%s without a body sends none", async ([method, segment, operationId], { serve }) => {
    const [example] = Object.values(responseExamples(operationId, "200"));
    const server = await serve((_request, response) => json(response, 200, example));
    await expect(clientOf(server).meetings[method](uuid.meeting)).resolves.toEqual(example);
    expect(server.requests.map((request) => [request.path, request.body, request.headers["content-type"]])).toEqual([
      [`${meeting}/${segment}`, "", undefined],
    ]);
  });

  test("a 403 is a PermissionDeniedError naming the meetings:write scope, not retried", async ({ serve }) => {
    const forbidden = responseExample("completeMeeting", "403", "missing_scope");
    const server = await serve((_request, response) => json(response, 403, forbidden));
    const completing = clientOf(server).meetings.complete(uuid.meeting);
    await expect(completing).rejects.toMatchObject({
      name: "PermissionDeniedError",
      status: 403,
      body: forbidden,
      mayHaveBeenProcessed: false,
    });
    await expect(completing).rejects.toThrow("API key missing the meetings:write scope");
    expect(server.requests).toHaveLength(1);
  });

  test("cancel of a meeting owned by an external provider resolves its skipped answer as data", async ({ serve }) => {
    const skipped = responseExample("cancelMeeting", "200", "managed_externally");
    const server = await serve((_request, response) => json(response, 200, skipped));
    await expect(clientOf(server).meetings.cancel(uuid.meeting)).resolves.toMatchObject({ success: true, skipped: true });
  });

  test("a 500 on cancel warns that the lead may already have been contacted", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 500, { error: "Internal server error" }));
    await expect(clientOf(server, { maxRetries: 0 }).meetings.cancel(uuid.meeting, cancel)).rejects.toThrow(
      "The lead may already have been contacted",
    );
  });
});

describe("createMeeting's dedup keys count only as sent", () => {
  const {
    external_calendar_provider: provider,
    external_event_id: eventId,
    ...rest
  } = demo as CreateMeetingBody & {
    external_calendar_provider: string;
    external_event_id: string;
  };
  class Booking {
    constructor(readonly fields: object) {
      Object.assign(this, fields);
    }
    get external_event_id() {
      return eventId;
    }
  }
  const bodies: Array<[string, () => CreateMeetingBody]> = [
    [
      "dedup keys inherited from a prototype",
      () => Object.assign(Object.create({ external_calendar_provider: provider, external_event_id: eventId }), rest),
    ],
    [
      "an external_event_id from a class getter",
      () => new Booking({ ...rest, external_calendar_provider: provider }) as unknown as CreateMeetingBody,
    ],
    ["an empty external_event_id", () => ({ ...rest, external_calendar_provider: provider, external_event_id: "" }) as CreateMeetingBody],
  ];
  test.for(bodies)("a body with %s is not retried after a 500: one request", async ([, body], { serve }) => {
    const server = await serve((_request, response: ServerResponse) => json(response, 500, { error: "Internal server error" }));
    const nexor = clientOf(server, { validate: false, maxRetries: 2 });
    await expect(nexor.meetings.create(body())).rejects.toMatchObject({ name: "InternalServerError", mayHaveBeenProcessed: true });
    expect(server.requests).toHaveLength(1);
  });

  test("the body sent is the one the rule read: both keys, own and non-empty, retry after a 500", async ({ serve }) => {
    const server = await serve((_request, response: ServerResponse) => json(response, 500, { error: "Internal server error" }));
    const nexor = clientOf(server, { maxRetries: 1 });
    await expect(nexor.meetings.create(demo)).rejects.toMatchObject({ name: "InternalServerError" });
    expect(server.requests).toHaveLength(2);
    expect(JSON.parse(server.requests[1]!.body)).toEqual(JSON.parse(server.requests[0]!.body));
  });
});
