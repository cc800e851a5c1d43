#!/usr/bin/env node
// `nexor-simulator` / `npm run simulator -- --port N --key K`: starts the simulator on 127.0.0.1 and prints one JSON
// line (baseUrl, apiKey, the seeded ids) as its first line on stdout. Stops on SIGINT or SIGTERM. A refused option
// exits 2 with one line naming it, never a stack trace.
import { CliError, cliOptions, HELP } from "./cli-options.js";
import { startSimulator } from "./server.js";

function refuse(message: string): never {
  process.stderr.write(`nexor-simulator: ${message}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof cliOptions>;
try {
  parsed = cliOptions(process.argv.slice(2));
} catch (error) {
  refuse(error instanceof CliError ? error.message : String(error));
}
if (parsed.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const { options } = parsed;

const simulator = await startSimulator(options).catch((error: Error & { code?: string }) =>
  refuse(error.code === "EADDRINUSE" ? `--port ${options.port} is already in use` : error.message.split("\n")[0]!),
);

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
