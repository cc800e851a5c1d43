// APIPromise: awaited, it gives the body; withResponse() gives the body, the response and the request id; a failure
// reaches every way of reading it. No server: the promise is built from a result directly.
import { describe, expect, test } from "vitest";
import { APIPromise, type WithResponse } from "../../src/index.js";

const result: WithResponse<{ id: string }> = {
  data: { id: "lead-1" },
  response: new Response(null, { status: 200, headers: { "x-request-id": "req-1" } }),
  requestId: "req-1",
};

describe("APIPromise", () => {
  test("awaited, it gives the data", async () => {
    const promise = new APIPromise(Promise.resolve(result));
    expect(promise).toBeInstanceOf(Promise);
    expect(await promise).toBe(result.data);
  });

  test("withResponse() gives the data, the response and the request id, as often as it is called", async () => {
    const promise = new APIPromise(Promise.resolve(result));
    expect(await promise.withResponse()).toBe(result);
    expect(await promise.withResponse()).toBe(result);
    expect(await promise).toBe(result.data);
  });

  test("then, catch and finally give plain promises of the data", async () => {
    const promise = new APIPromise(Promise.resolve(result));
    const chained = [promise.then((data) => data), promise.catch(() => undefined), promise.finally(() => undefined)];
    for (const derived of chained) expect(derived).not.toBeInstanceOf(APIPromise);
    expect(await Promise.all(chained)).toEqual([result.data, result.data, result.data]);
  });

  test("a failure rejects await, catch and withResponse() alike", async () => {
    const failure = new Error("boom");
    const promise = new APIPromise(Promise.reject(failure));
    await expect(promise).rejects.toBe(failure);
    await expect(promise.withResponse()).rejects.toBe(failure);
    expect(await promise.catch((error: unknown) => error)).toBe(failure);
  });
});
