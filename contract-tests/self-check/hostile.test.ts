// The runner against servers that attack it: each leaves it with a verdict, the right exit code, its memory under
// 300 MB, and the key nowhere in its output. The runs that receive hostile bodies run as their own process, the packed
// command as CI runs it, so that their peak memory can be measured; the settings that are refused send nothing at all.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, test } from "vitest";
import { runLive } from "../cli/run-live.js";
import {
  type HostileServer,
  startDeepBodyServer,
  startEchoServer,
  startHugeBodyServer,
  startNotFoundServer,
  startRejectingServer,
} from "./hostile-servers.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const maxRssKb = 300 * 1024;

interface Run {
  code: number;
  output: string;
  maxRssKb: number;
}

// The command as another repo's CI runs it: the bin of the packed @nexor/contract (the runner of `npm run contract:live`
// bundled, built once for the self-check), started by node as npx starts it, with only the variables given (none
// inherited from this process). Its peak memory is that of the process a consumer's CI runs.
function runCommand(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "./contract-tests/self-check/max-rss.mjs", inject("contractBin")],
      { cwd: root, env: { PATH: process.env.PATH ?? "", NEXOR_CONTRACT_CASES: "1", ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const rss = /max-rss-kb (\d+)/.exec(stderr);
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr.replace(/\nmax-rss-kb \d+\n/, "")}`, maxRssKb: rss ? Number(rss[1]) : Number.NaN });
      },
    );
  });
}

async function using<T>(server: Promise<HostileServer>, use: (server: HostileServer) => Promise<T>): Promise<T> {
  const started = await server;
  try {
    return await use(started);
  } finally {
    await started.close();
  }
}

const key = () => `nxr_live_${randomUUID().replaceAll("-", "")}`;
const verdict = /^contract: \d+ cases passed, \d+ failed, \d+ not run/m;

// Side by side: each run is its own process against its own server, judged on its own output and peak memory, and
// most of a run is waiting on its process's start, so five at once take little more than one.
describe.concurrent("the runner against a hostile server", () => {
  test("a 20 MB body on every answer: each is a broken promise with its size, memory stays flat", async () => {
    const apiKey = key();
    const run = await using(startHugeBodyServer(20), (server) =>
      runCommand({ NEXOR_BASE_URL: server.url, NEXOR_API_KEY: apiKey, NEXOR_CONTRACT_OPERATIONS: "listTags,createTag" }),
    );
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(
      /response_too_large: the 200 body is larger than the 2097152-byte limit on a response \(\d+ bytes or more\)/,
    );
    expect(run.output).toMatch(verdict);
    expect(run.output).not.toContain(apiKey);
    expect(run.maxRssKb).toBeLessThan(maxRssKb);
  });

  test("a body nested 100,000 deep: judged without overflowing the stack", async () => {
    const apiKey = key();
    const run = await using(startDeepBodyServer(100_000), (server) =>
      runCommand({ NEXOR_BASE_URL: server.url, NEXOR_API_KEY: apiKey, NEXOR_CONTRACT_OPERATIONS: "listTags,createTag" }),
    );
    expect(run.code, run.output).toBe(1);
    expect(run.output).not.toMatch(/RangeError|Maximum call stack/);
    expect(run.output).toMatch(verdict);
    expect(run.output).not.toContain(apiKey);
    expect(run.maxRssKb).toBeLessThan(maxRssKb);
  });

  test.each([
    ["a short key", "k3y"],
    ["a long key", `nxr_live_${"Zq9".repeat(3000)}`],
    ["a key of another shape", `sk-${randomUUID()}`],
  ])("a server that echoes %s: never printed", async (_name, apiKey) => {
    const run = await using(startEchoServer(), (server) =>
      runCommand({ NEXOR_BASE_URL: server.url, NEXOR_API_KEY: apiKey, NEXOR_CONTRACT_OPERATIONS: "listTags" }),
    );
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(verdict);
    expect(run.output).toContain("[redacted]");
    expect(run.output).not.toContain(apiKey);
    expect(run.maxRssKb).toBeLessThan(maxRssKb);
  });
});

describe("settings and keys refused before any case", () => {
  async function live(env: Record<string, string>): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await runLive(env, (line) => lines.push(...line.split("\n")));
    return { code, lines };
  }

  test("credentials in the base URL: exit 2, one line, never printed, nothing sent", async () => {
    await using(startEchoServer(), async (server) => {
      const url = server.url.replace("http://", "http://alice:pw-s3cr3t-9@");
      const { code, lines } = await live({ NEXOR_BASE_URL: url, NEXOR_API_KEY: key() });
      expect(code).toBe(2);
      expect(lines).toEqual([expect.stringMatching(/^contract: cannot start: NEXOR_BASE_URL holds a user name or password/)]);
      expect(lines.join("\n")).not.toMatch(/alice|pw-s3cr3t-9/);
      expect(server.requests()).toBe(0);
    });
  });

  test("a newline in the key: exit 2, one line naming NEXOR_API_KEY, nothing sent", async () => {
    await using(startEchoServer(), async (server) => {
      const tail = randomUUID();
      const apiKey = `nxr_live_abc\n${tail}`;
      const { code, lines } = await live({ NEXOR_BASE_URL: server.url, NEXOR_API_KEY: apiKey });
      expect(code).toBe(2);
      expect(lines).toEqual([expect.stringMatching(/^contract: cannot start: NEXOR_API_KEY holds a character/)]);
      expect(lines.join("\n")).not.toMatch(new RegExp(`nxr_live_abc|${tail}`));
      expect(server.requests()).toBe(0);
    });
  });

  test("a key the server rejects: exit 2 after the pre-flight, one line naming NEXOR_API_KEY, no case sent", async () => {
    await using(startRejectingServer(), async (server) => {
      const apiKey = key();
      const { code, lines } = await live({ NEXOR_BASE_URL: server.url, NEXOR_API_KEY: apiKey });
      expect(code).toBe(2);
      const refusals = lines.filter((line) => line.startsWith("contract: cannot"));
      expect(refusals).toEqual([
        expect.stringMatching(/^contract: cannot start: the server rejects NEXOR_API_KEY \(GET \S+ with it was answered 401\)/),
      ]);
      expect(lines.join("\n")).not.toContain(apiKey);
      expect(server.requests()).toBe(2);
    });
  });

  test("a server answering 404 to every valid request: the run says the operation was not really tested", async () => {
    await using(startNotFoundServer(), async (server) => {
      const { code, lines } = await live({
        NEXOR_BASE_URL: server.url,
        NEXOR_API_KEY: key(),
        NEXOR_CONTRACT_OPERATIONS: "listTags",
        NEXOR_CONTRACT_CASES: "1",
      });
      expect(code).toBe(1);
      expect(lines).toContainEqual(
        expect.stringMatching(/^contract: listTags not really tested: 2 of 2 valid requests were answered 404: its passes prove little/),
      );
    });
  });
});
