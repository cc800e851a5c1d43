// conversionTypes.list: the account's conversion types, a read without parameters.
import { describe, expect } from "vitest";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod } from "../support/resources.js";

describeMethod("listConversionTypes", {
  method: (nexor) => nexor.conversionTypes.list,
  args: [],
  sends: { method: "GET", path: "/conversion-types" },
  retried: true,
  contacts: [],
});

describe.concurrent("conversionTypes.list", () => {
  test("takes its request options first, there being no query", async ({ serve }) => {
    const server = await serve((_request, response) => json(response, 200, { success: true, conversion_types: [] }));
    await clientOf(server).conversionTypes.list({ headers: { "x-trace": "t-1" } });
    expect(server.requests.map((request) => [request.path, request.headers["x-trace"]])).toEqual([["/conversion-types", "t-1"]]);
  });
});
