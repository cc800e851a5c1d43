// The command line of `nexor-simulator`, read into start options: every refusal is one line naming the flag, in the
// flag's own words (the CLI prints it and exits 2). Kept apart from the command so that its rules are tested in process.
import { parseArgs } from "node:util";
import { checkOptions, modes, type SimulatorOptions } from "./server.js";

export const HELP = `Usage: nexor-simulator [options]

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

/** A refused command line: its message is one line naming the flag. */
export class CliError extends Error {}

const FLAGS: Record<string, string> = {
  port: "--port",
  apiKey: "--key",
  validationOrder: "--validation-order",
  leadShape: "--lead-shape",
  webhookUrl: "--webhook-url",
  webhookRetryDelaysMs: "--webhook-retry-delays",
};

/** An option's error in the words of the command line: "apiKey must …" becomes "--key must …". */
function asFlag(message: string): string {
  const named = Object.keys(FLAGS).find((option) => message.startsWith(`${option} `));
  return named ? `${FLAGS[named]}${message.slice(named.length)}` : `--break: ${message}`;
}

/** Reads the arguments (without node and the script): the start options, or `help`. Throws CliError. */
export function cliOptions(args: string[]): { help: true } | { help: false; options: SimulatorOptions } {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      args,
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
    }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
  if (values.help) return { help: true };
  const text = (name: string) => values[name] as string | undefined;
  const options: SimulatorOptions = {};
  const port = text("port");
  if (port !== undefined) {
    if (!/^\d+$/.test(port)) throw new CliError(`--port must be an integer from 0 to 65535, not "${port}"`);
    options.port = Number(port);
  }
  if (text("key") !== undefined) options.apiKey = text("key")!;
  if (text("validation-order") !== undefined) options.validationOrder = text("validation-order") as SimulatorOptions["validationOrder"];
  if (text("lead-shape") !== undefined) options.leadShape = text("lead-shape") as SimulatorOptions["leadShape"];
  if (text("webhook-url") !== undefined) options.webhookUrl = text("webhook-url")!;
  const delays = text("webhook-retry-delays");
  if (delays !== undefined) {
    const list = delays.split(",").map(Number);
    if (list.some((ms) => !Number.isFinite(ms)))
      throw new CliError(`--webhook-retry-delays must be comma-separated numbers of ms, not "${delays}"`);
    options.webhookRetryDelaysMs = list;
  }
  if (values.break) options.breaks = values.break as string[];
  try {
    checkOptions(options);
  } catch (error) {
    throw new CliError(asFlag((error as Error).message));
  }
  return { help: false, options };
}
