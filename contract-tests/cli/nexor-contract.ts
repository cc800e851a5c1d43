// The `nexor-contract` command: the live contract run, configured by environment variables, with options for the
// reports to write and for replaying the failures of an earlier run (`--help` lists both; the README's "Contract
// tests" explains each). `npm run contract:live -- [options]` runs this file; the @nexor/contract package ships it
// bundled. A refused option, like a refused setting, is one line and exit 2.
import { helpText, type Options, OptionsError, parseOptions, version } from "./options.js";

// The runner and the replay load the spec and compile its validators: only a run loads them, not --help, --version or
// a refused option, which answer in a fraction of the time.

let options: Options | undefined;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof OptionsError)) throw error;
  console.log(`contract: cannot start: ${error.message}`);
  process.exitCode = 2;
}
if (options?.help) console.log(helpText());
else if (options?.version) console.log(version);
else if (options?.replay !== undefined) {
  const { runReplay } = await import("./replay.js");
  process.exitCode = await runReplay(options.replay, process.env, (line) => console.log(line), options);
} else if (options) {
  const { runLive } = await import("./run-live.js");
  process.exitCode = await runLive(process.env, (line) => console.log(line), options);
}
