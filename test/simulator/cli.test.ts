// `npm run simulator`: the first stdout line is one JSON object (baseUrl, apiKey, seeded ids); SIGINT and SIGTERM stop
// it within 2 s even with a connection open; a refused option exits 2 with one line naming it.
import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CliError, cliOptions, HELP } from "../../simulator/cli-options.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = join(root, "simulator/cli.ts");

function run(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; at: number }>((done) =>
    child.on("exit", (code) => done({ code, at: performance.now() })),
  );
  const firstLine = new Promise<string>((done, fail) => {
    child.stdout.on("data", () => {
      if (stdout.includes("\n")) done(stdout.slice(0, stdout.indexOf("\n")));
    });
    child.on("exit", () => fail(new Error(`exited before a line: ${stderr}`)));
  });
  // Awaited only by the tests that expect a line; the others expect the exit.
  firstLine.catch(() => undefined);
  return { child, exited, firstLine, output: () => ({ stdout, stderr }) };
}

/** Opens a keep-alive connection and leaves it open. */
function holdConnection(baseUrl: string, apiKey: string): Promise<void> {
  return new Promise((done) => {
    const held = request(`${baseUrl}/tags`, { headers: { "x-api-key": apiKey, connection: "keep-alive" }, agent: false }, (response) => {
      response.resume();
      response.on("end", () => done());
    });
    held.on("error", () => done());
    held.end();
  });
}

async function stopsWithin2s(child: ChildProcess, exited: Promise<{ code: number | null; at: number }>, signal: NodeJS.Signals) {
  const sent = performance.now();
  child.kill(signal);
  const { code, at } = await exited;
  return { code, ms: at - sent };
}

describe("simulator: the CLI", () => {
  it("prints one JSON line first (baseUrl, apiKey, seeded ids) and serves the API there; SIGTERM stops it within 2 s", async () => {
    const cli = run(["--port", "0", "--key", "nxr_live_cli_test"]);
    const line = JSON.parse(await cli.firstLine);
    expect(line).toMatchObject({
      baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/public$/),
      apiKey: "nxr_live_cli_test",
      workflowId: expect.any(String),
      masterWorkflowId: expect.any(String),
      conversionTypeIds: expect.any(Array),
      templateIds: expect.any(Array),
      leadId: expect.any(String),
    });
    const answer = await fetch(`${line.baseUrl}/leads/${line.leadId}`, { headers: { "x-api-key": line.apiKey } });
    expect(answer.status).toBe(200);
    await holdConnection(line.baseUrl, line.apiKey);
    const { code, ms } = await stopsWithin2s(cli.child, cli.exited, "SIGTERM");
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2000);
  }, 30_000);

  it("SIGINT stops it within 2 s with a connection open", async () => {
    const cli = run([]);
    const line = JSON.parse(await cli.firstLine);
    await holdConnection(line.baseUrl, line.apiKey);
    const { code, ms } = await stopsWithin2s(cli.child, cli.exited, "SIGINT");
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2000);
  }, 30_000);

  it("a refused option exits 2 with one line naming it, no stack trace", async () => {
    const cli = run(["--validation-order", "sideways"]);
    const { code } = await cli.exited;
    const { stdout, stderr } = cli.output();
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("nexor-simulator: --validation-order must be body-first or ids-first, not sideways\n");
  }, 30_000);

  it.each([
    [["--port", "http"], /^--port must be an integer/],
    [["--port", "70000"], /^--port must be an integer from 0 to 65535/],
    [["--key", "sk_test_123"], /^--key must start with nxr_live_/],
    [["--lead-shape", "flat"], /^--lead-shape must be api-ref or guide/],
    [["--webhook-url", "ftp://x"], /^--webhook-url must be an http\(s\) URL/],
    [["--webhook-retry-delays", "1,x"], /^--webhook-retry-delays must be comma-separated numbers/],
    [["--break", "nope"], /^--break: unknown break "nope"/],
    [["--colour"], /--colour/],
  ])("the command line %j is refused in one line naming the flag", (args, names) => {
    let error: unknown;
    try {
      cliOptions(args);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(names);
    expect((error as Error).message).not.toContain("\n");
  });

  it("reads every flag into start options", () => {
    expect(
      cliOptions([
        "--port",
        "0",
        "--key",
        "nxr_live_k",
        "--validation-order",
        "ids-first",
        "--lead-shape",
        "guide",
        "--webhook-url",
        "http://127.0.0.1:1/h",
        "--webhook-retry-delays",
        "1,2,3",
        "--break",
        "no-auth",
        "--break",
        "accepts-invalid:createTag",
      ]),
    ).toEqual({
      help: false,
      options: {
        port: 0,
        apiKey: "nxr_live_k",
        validationOrder: "ids-first",
        leadShape: "guide",
        webhookUrl: "http://127.0.0.1:1/h",
        webhookRetryDelaysMs: [1, 2, 3],
        breaks: ["no-auth", "accepts-invalid:createTag"],
      },
    });
    expect(cliOptions(["--help"])).toEqual({ help: true });
  });

  it("--help lists the options and the modes", () => {
    expect(HELP).toMatch(/--validation-order[\s\S]*accepts-invalid/);
  });
});
