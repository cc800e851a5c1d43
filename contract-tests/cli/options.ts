// The command line of `nexor-contract` (`npm run contract:live -- …`, `npx @nexor/contract …`): the options, their
// help, and the one-line refusal of an option it does not know. Variables configure the run; options say what to
// write and what to do with it.
import toolkit from "../../package.json" with { type: "json" };

/** The report formats `--report FORMAT=PATH` writes. */
export const reportFormats = ["junit", "markdown", "ndjson", "har", "drift"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface Options {
  help: boolean;
  version: boolean;
  reports: Array<{ format: ReportFormat; path: string }>;
  /** `--replay PATH`: an NDJSON report whose failed exchanges are sent again. */
  replay?: string;
  /** `--fail-on-missing-coverage`: exit 1 when a documented operation or reachable status was never seen. */
  failOnMissingCoverage: boolean;
  /** `--fail-on-drift`: exit 1 when an answer carried something the spec does not declare. */
  failOnDrift: boolean;
}

/** The version of the contract the command holds servers to: the toolkit's. */
export const version: string = toolkit.version;

/** An option that cannot be used; its message is the one line the command prints before exiting 2. */
export class OptionsError extends Error {
  override name = "OptionsError";
}

/** The options in `argv` (the arguments after the command). */
export function parseOptions(argv: readonly string[]): Options {
  const options: Options = { help: false, version: false, reports: [], failOnMissingCoverage: false, failOnDrift: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const given = inline ?? argv[++index];
      if (given === undefined || given === "") throw new OptionsError(`${flag} needs a value: see --help.`);
      return given;
    };
    if (flag === "--help" || flag === "-h") options.help = true;
    else if (flag === "--version" || flag === "-v") options.version = true;
    else if (flag === "--fail-on-missing-coverage") options.failOnMissingCoverage = true;
    else if (flag === "--fail-on-drift") options.failOnDrift = true;
    else if (flag === "--replay") options.replay = value();
    else if (flag === "--report") {
      const spec = value();
      const equals = spec.indexOf("=");
      const format = spec.slice(0, Math.max(equals, 0)) as ReportFormat;
      const path = spec.slice(equals + 1);
      if (equals < 1 || !reportFormats.includes(format) || !path) {
        throw new OptionsError(`--report takes FORMAT=PATH with FORMAT one of ${reportFormats.join(", ")}, not "${spec}".`);
      }
      options.reports.push({ format, path });
    } else throw new OptionsError(`unknown option "${arg}": see --help.`);
  }
  return options;
}

/** The variables of a run, each with what it means; --help lists them, the workflows pass every one. */
export const variables: ReadonlyArray<readonly [string, string]> = [
  ["NEXOR_API_KEY", "required: the account's key; never printed"],
  ["NEXOR_BASE_URL", "default https://api.getnexor.ai/api/public; https only (plain http to 127.0.0.1/localhost)"],
  ["NEXOR_LEAD_ID", "the test lead: its reads are sent; it receives the real sends and the metadata round trip"],
  ["NEXOR_WORKFLOW_ID", "the workflow that sends to the test lead; the processors round trip's workflow"],
  ["NEXOR_TEMPLATE_ID", "makes the WhatsApp send this template"],
  ["NEXOR_LIVE_SEND", "channels to really send one message on: whatsapp,email,call (unset: none)"],
  ["NEXOR_LIVE_WRITE", "round trips that clean up after themselves: tags,processors,leads (unset: none)"],
  ["NEXOR_CONTRACT_SEED", "seed of the generated data; every run prints it"],
  ["NEXOR_CONTRACT_CASES", "generated bodies per variant and random negatives per operation (default 3)"],
  ["NEXOR_CONTRACT_TIMEOUT_MS", "how long one request may take to be answered (default 10000)"],
  ["NEXOR_CONTRACT_OPERATIONS", "operationIds or tags to run, comma-separated (unset: every operation)"],
  ["GITHUB_STEP_SUMMARY", "set by GitHub Actions: the markdown report is appended to it"],
];

/** What --help prints. */
export function helpText(): string {
  const width = Math.max(...variables.map(([name]) => name.length));
  return [
    `nexor-contract ${version}: holds a server to the Nexor API contract.`,
    "",
    "Usage: nexor-contract [options]   (npm run contract:live -- [options], npx @nexor/contract [options])",
    "",
    "Options:",
    "  --report FORMAT=PATH        write a report; repeatable. FORMAT: junit (JUnit XML), markdown, ndjson (one JSON",
    "                              object per line, every exchange and drift entry redacted), har (HAR 1.2, for redocly",
    "                              drift), drift (the drift list alone, markdown, with a patch per entry)",
    "  --replay PATH               send again exactly the failed exchanges of an NDJSON report, in order, and judge them",
    "  --fail-on-missing-coverage  exit 1 when a documented operation or reachable status was never seen",
    "  --fail-on-drift             exit 1 when an answer carried a field, header, status or media type the spec does",
    "                              not declare (drift is listed either way; without this it does not fail the run)",
    "  --version                   print the version and exit",
    "  --help                      print this and exit",
    "",
    "Variables:",
    ...variables.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`),
    "",
    "Exit code: 0 every promise kept, 1 a promise broken (or the server stopped answering, a clean-up failed, coverage",
    "missed with --fail-on-missing-coverage, drift with --fail-on-drift), 2 the run could not start (a setting, an",
    "option, the pre-flight).",
  ].join("\n");
}
