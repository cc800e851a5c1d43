// The size budget: the build fails when the client's bundle (minified + gzip, every operation's method and local
// validation included) passes 12 kB. openapi-fetch, which powers the `api` escape hatch, is 2.6 kB of it.
import { describe, expect, test } from "vitest";
import { bundleSize, CLIENT_ENTRY, OPENAPI_FETCH_ENTRY } from "../../bench/bundle-size.js";

/** Bytes, minified + gzip. */
const BUDGET = 12_000;

describe("client bundle", () => {
  test(`is at most ${BUDGET} B minified + gzip`, async () => {
    const client = await bundleSize(CLIENT_ENTRY);
    const openapiFetch = await bundleSize(OPENAPI_FETCH_ENTRY);
    console.log(`client ${client.minified} B minified, ${client.gzip} B gzip; openapi-fetch alone ${openapiFetch.gzip} B gzip`);
    // The measurement itself must see the client: it includes openapi-fetch and the generated request schemas.
    expect(client.gzip).toBeGreaterThan(openapiFetch.gzip);
    expect(Object.keys(client.inputs).some((file) => file.endsWith("generated/request-schemas.ts"))).toBe(true);
    expect(client.gzip).toBeLessThanOrEqual(BUDGET);
  });

  test("imports nothing Node-only: a node: import fails the neutral build", async () => {
    await expect(bundleSize(`${CLIENT_ENTRY}\nimport "node:fs";`)).rejects.toThrow();
    await expect(bundleSize(CLIENT_ENTRY)).resolves.toBeDefined();
  });
});
