#!/usr/bin/env node
// `nexor-simulator` / `npm run simulator -- --port N --key K`: starts the simulator on 127.0.0.1 and prints one JSON
// line (baseUrl, apiKey, the seeded ids) as its first line on stdout. Stops on SIGINT or SIGTERM. A refused option
// exits 2 with one line naming it.
import { parseArgs } from "node:util";
import { modes, type SimulatorOptions, startSimulator } from "./server.js";

const HELP = `Usage: nexor-simulator [options]

Starts an in-memory Nexor API on 127.0.0.1, served under /api/public. Prints one JSON line first:
{"baseUrl", "apiKey", "workflowId", "masterWorkflowId", "conversionTypeIds", "templateIds", "leadId", ...}.
Stops on SIGINT or SIGTERM.

Options:
  --port N                  port on 127.0.0.1 (default 0: a free one)
  --key K                   the API key to accept, nxr_live_... (default: a fresh one)
  --validation-order O      body-first (default) or ids-first: is the body validated before path ids are looked up
  --lead-shape S            api-ref (default) or guide: the shape of GET /leads/{id}
  --webhook-url URL         POST webhooks here
  --webhook-retry-delays L  comma-separated ms before retries 1-3 (default 10,50,300; Nexor's are 60000,300000,1800000)
  --break MODE[:ops]        break one documented promise (repeatable); modes:
${modes.map((mode) => `                              ${mode.name}: ${mode.breaks}`).join("\n")}
  --help                    this text
`;

function refuse(message: string): never {
  process.stderr.write(`nexor-simulator: ${message}\n`);
  process.exit(2);
}

let values: ReturnType<typeof parse>["values"];
function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      key: { type: "string" },
      "validation-order": { type: "string" },
      "lead-shape": { type: "string" },
      "webhook-url": { type: "string" },
      "webhook-retry-delays": { type: "string" },
      break: { type: "string", multiple: true },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
}
try {
  values = parse().values;
} catch (error) {
  refuse(`${(error as Error).message.split("\n")[0]} (see --help)`);
}
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const options: SimulatorOptions = {};
if (values.port !== undefined) {
  if (!/^\d+$/.test(values.port)) refuse(`--port must be an integer from 0 to 65535, not "${values.port}"`);
  options.port = Number(values.port);
}
if (values.key !== undefined) options.apiKey = values.key;
if (values["validation-order"] !== undefined) options.validationOrder = values["validation-order"] as SimulatorOptions["validationOrder"];
if (values["lead-shape"] !== undefined) options.leadShape = values["lead-shape"] as SimulatorOptions["leadShape"];
if (values["webhook-url"] !== undefined) options.webhookUrl = values["webhook-url"];
if (values["webhook-retry-delays"] !== undefined) {
  const delays = values["webhook-retry-delays"].split(",").map(Number);
  if (delays.some((ms) => !Number.isFinite(ms)))
    refuse(`--webhook-retry-delays must be comma-separated numbers of ms, not "${values["webhook-retry-delays"]}"`);
  options.webhookRetryDelaysMs = delays;
}
if (values.break) options.breaks = values.break;

const simulator = await startSimulator(options).catch((error: Error & { code?: string }) =>
  refuse(error.code === "EADDRINUSE" ? `--port ${options.port} is already in use` : asFlag(error.message)),
);

/** An option's error in the words of the command line: "apiKey must …" becomes "--key must …". */
function asFlag(message: string): string {
  const flags: Record<string, string> = {
    port: "--port",
    apiKey: "--key",
    validationOrder: "--validation-order",
    leadShape: "--lead-shape",
    webhookUrl: "--webhook-url",
    webhookRetryDelaysMs: "--webhook-retry-delays",
  };
  const named = Object.keys(flags).find((option) => message.startsWith(`${option} `));
  return named ? `${flags[named]}${message.slice(named.length)}` : `--break: ${message}`;
}

process.stdout.write(`${JSON.stringify({ baseUrl: simulator.baseUrl, apiKey: simulator.apiKey, ...simulator.seed })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  // Closing ends open connections; the timer is a last resort should a socket hang.
  setTimeout(() => process.exit(0), 1500).unref();
  void simulator.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
