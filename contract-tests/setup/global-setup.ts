// vitest globalSetup for `npm run contract`: starts the Prism mock once for every contract test file, hands the
// target to the tests through `inject("target")` (and the bare URL through `inject("baseUrl")`), and always closes
// the mock when the run ends. The environment can set the seed, case count and timeout, never the target: `npm test`
// may name the mock it started for the whole run, and only a loopback origin is taken from it.
import type { TestProject } from "vitest/node";
import { describeTarget, readRunSettings } from "../support/settings.js";
import { prismMock } from "../support/shared-mock.js";
import type { Target } from "../support/target.js";

// Prism checks only that a key is present. A fixed fake one keeps a real NEXOR_API_KEY in CI away from the mock.
const mockApiKey = "nxr_live_contract_mock_key";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = readRunSettings(process.env);
  const mock = await prismMock();
  const target: Target = { kind: "mock", baseUrl: mock.url, apiKey: mockApiKey, ...settings, ids: {} };
  console.log(describeTarget(target));
  project.provide("baseUrl", mock.url);
  project.provide("target", target);
  return () => mock.close();
}
