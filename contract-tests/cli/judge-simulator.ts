// `npm run contract:simulator -- --seeds 20`: the live contract run judged by the simulator, a Nexor written from the
// docs, for many seeds: each seed in both validation orders, with no opt-in (every promise kept, no write recorded)
// and with every write and send (every promise kept, the account left as found but for what cannot be undone), no
// drift in either (nothing answered that the spec does not declare), and the success path of every operation (a 2xx
// kept to the contract for each), which no live run sends.
// It takes no URL: every simulator is started here, on 127.0.0.1, so nothing it sends can reach a real server.
// Exit 0 every run passed, 1 one did not, 2 bad options.
import { isDeepStrictEqual, parseArgs } from "node:util";
import { formatFailures } from "../support/report.js";
import { judgeLive, type OptIns, withoutIrreversible } from "../support/simulator-judge.js";
import { judgeSuccessPath } from "../support/success-path.js";

function refuse(message: string): never {
  console.error(`contract:simulator: ${message}`);
  process.exit(2);
}

let options: { seeds: string; "first-seed"?: string };
try {
  ({ values: options } = parseArgs({
    options: { seeds: { type: "string", default: "20" }, "first-seed": { type: "string" } },
    strict: true,
  }));
} catch (error) {
  refuse(`${(error as Error).message.split("\n")[0]} (options: --seeds N, --first-seed S)`);
}
const count = Number(options.seeds);
if (!Number.isInteger(count) || count < 1 || count > 1000) refuse(`--seeds must be a whole number from 1 to 1000, not "${options.seeds}"`);
const first = options["first-seed"] === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(options["first-seed"]);
if (!Number.isInteger(first) || first < 0 || first > 2 ** 32 - count)
  refuse(`--first-seed must be a whole number, not "${options["first-seed"]}"`);

let failed = 0;
const started = performance.now();
for (let seed = first; seed < first + count; seed++) {
  for (const validationOrder of ["body-first", "ids-first"] as const) {
    for (const optIns of ["none", "all"] as OptIns[]) {
      const run = await judgeLive({ validationOrder }, seed, optIns);
      const problems: string[] = [];
      if (run.code !== 0) problems.push(`exit ${run.code}`);
      // The simulator is written from the docs and the spec from the same docs: an answer the spec does not declare
      // means one of them left the docs.
      if (run.output.includes("\nDrift: ")) problems.push("drift between the simulator and the spec");
      if (optIns === "none" && run.writes.length) problems.push(`${run.writes.length} writes without an opt-in`);
      if (optIns === "all" && !isDeepStrictEqual(withoutIrreversible(run), run.before)) problems.push("the account was not left as found");
      const summary = /contract: (\d+) cases passed, (\d+) failed/.exec(run.output);
      const label = `seed ${seed} ${validationOrder} opt-ins ${optIns}: ${summary ? `${summary[1]} passed, ${summary[2]} failed` : "no summary"}, ${run.writes.length} writes`;
      if (problems.length) {
        failed++;
        console.log(`✗ ${label}: ${problems.join("; ")}\n${run.output}`);
      } else console.log(`✓ ${label}`);
    }
    const path = await judgeSuccessPath({ validationOrder }, seed);
    const failures = path.results.flatMap((result) => result.failures);
    const label = `seed ${seed} ${validationOrder} success path: ${path.results.length} requests, ${failures.length} broken promises`;
    if (failures.length || path.notRun.length) {
      failed++;
      console.log(`✗ ${label}${path.notRun.map((line) => `\n  not run: ${line}`).join("")}\n${formatFailures(failures, seed)}`);
    } else console.log(`✓ ${label}`);
  }
}
console.log(
  `contract:simulator: ${count * 6 - failed} of ${count * 6} runs passed (seeds ${first} to ${first + count - 1}, both orders: no opt-in, every opt-in, the success path) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = failed ? 1 : 0;
