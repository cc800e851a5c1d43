// `npm run contract:live`: the contract suite against a real server. A config of its own, so that `npm test` and
// `npm run contract` can never pick the live target up, whatever the environment holds. The settings are read
// here, before vitest starts anything: an incomplete one ends the command with what to set, and nothing is sent.
import { defineConfig } from "vitest/config";
import { describeTarget, readLiveTarget, SettingsError } from "./contract-tests/support/settings.js";

function liveTarget(): ReturnType<typeof readLiveTarget> {
  try {
    return readLiveTarget(process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(`contract:live cannot start:\n  ${error.message.replaceAll("\n", "\n  ")}`);
    process.exit(2);
  }
}

const target = liveTarget();
console.log(describeTarget(target));

export default defineConfig({
  test: {
    name: "contract-live",
    // examples.contract.test.ts steers Prism with Prefer headers; it means nothing to a real server.
    include: ["contract-tests/messages.contract.test.ts", "contract-tests/auth.contract.test.ts"],
    provide: { target, baseUrl: target.baseUrl },
    // A message to a lead is not idempotent: no test is ever run again (the runner refuses a second send too).
    retry: 0,
    // One file at a time, gentle on an API whose rate limits are undocumented.
    fileParallelism: false,
    testTimeout: 60_000,
  },
});
