// The `nexor-contract` command: the live contract run, configured by environment variables only (see the README's
// "Contract tests"). `npm run contract:live` runs this file; the @nexor/contract package ships it bundled.
import { runLive } from "./run-live.js";

const help = `nexor-contract: holds a server to the Nexor API contract.

Set NEXOR_API_KEY (required) and optionally NEXOR_BASE_URL, NEXOR_LEAD_ID, NEXOR_WORKFLOW_ID, NEXOR_TEMPLATE_ID,
NEXOR_LIVE_SEND, NEXOR_LIVE_WRITE, NEXOR_CONTRACT_SEED, NEXOR_CONTRACT_CASES, NEXOR_CONTRACT_TIMEOUT_MS.
Exit code: 0 every promise kept, 1 a promise broken, 2 the run could not start.`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(help);
} else {
  process.exitCode = await runLive(process.env, (line) => console.log(line));
}
