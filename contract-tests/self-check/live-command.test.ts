// The live run, as `npm run contract:live` and `npx @nexor/contract` make it, run in process against the simulator,
// a Nexor written from the docs, behind a recording proxy (the consumer-package test runs the packed command itself). Its exit code is the verdict a CI job reads: 0 kept,
// 1 broken, 2 could not start.
import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { startSimulator } from "../../simulator/index.js";
import { refusedUrl, startSilentServer } from "../../test/support/local-server.js";
import { runLive } from "../cli/run-live.js";
import { operationById } from "../support/operations.js";
import { forward, type RecordedCall, test } from "./fixtures.js";

const basePath = "/api/public";

// Shaped like a real key and unique to this run, so that finding it anywhere in the output means it leaked.
const canary = `nxr_live_canary${randomUUID().replaceAll("-", "")}`;
// The simulator's own seeded lead, workflow and template: the sends must reach them.
const idsOf = ({ seed }: { seed: { leadId: string; workflowId: string; templateIds: string[] } }) => ({
  NEXOR_LEAD_ID: seed.leadId,
  NEXOR_WORKFLOW_ID: seed.workflowId,
  NEXOR_TEMPLATE_ID: seed.templateIds[0]!,
});

async function live(env: Record<string, string>): Promise<{ code: number; output: string; lines: string[] }> {
  const lines: string[] = [];
  // The messages operation only: the sends are its, and every other operation's plan is proven in simulator-live and simulator-modes.
  const code = await runLive({ NEXOR_CONTRACT_CASES: "1", NEXOR_CONTRACT_OPERATIONS: "sendMessage", ...env }, (line) =>
    lines.push(...line.split("\n")),
  );
  return { code, output: lines.join("\n"), lines };
}

const parsed = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe("the live run", () => {
  test("passes the simulator, sending each listed channel exactly once and nothing contract-only", async ({ simulator }) => {
    const local = await simulator({ apiKey: canary });
    const ids = idsOf(local.simulator);
    const { code, output } = await live({
      NEXOR_BASE_URL: local.url,
      NEXOR_API_KEY: canary,
      NEXOR_LIVE_SEND: "whatsapp,email,call,email",
      NEXOR_CONTRACT_SEED: "4242",
      ...ids,
    });
    expect(code, output).toBe(0);
    expect(output).toContain("seed 4242 (NEXOR_CONTRACT_SEED=4242 repeats this run)");
    expect(output).toMatch(/✓ sendMessage: \d+ cases/);
    expect(output).not.toContain(canary);

    // Parsing every body also proves that the not-JSON case, which is contract-only, was not sent.
    const bodies = local.calls.filter((call) => call.path === `${basePath}/messages`).map((call) => parsed(call.body));
    const sends = bodies.filter((body) => body.lead_id === ids.NEXOR_LEAD_ID);
    expect(sends.map((body) => body.channel).sort()).toEqual(["call", "email", "whatsapp"]);
    expect(sends.find((body) => body.channel === "whatsapp")?.template_id).toBe(ids.NEXOR_TEMPLATE_ID);
    // Every other request went to its own fresh lead, and carried only fields the docs define.
    const others = bodies.filter((body) => body.lead_id !== ids.NEXOR_LEAD_ID);
    expect(others.length).toBeGreaterThan(5);
    const leads = others.map((body) => body.lead_id).filter((lead) => typeof lead === "string" && /^[0-9a-f-]{36}$/.test(lead));
    expect(new Set(leads).size).toBe(leads.length);
    const documented = new Set(
      operationById("sendMessage").body!.variants.flatMap(({ examples }) => examples.flatMap(({ value }) => Object.keys(value as object))),
    );
    const objects = others.filter((body) => typeof body === "object" && body !== null && !Array.isArray(body));
    expect(objects.flatMap((body) => Object.keys(body)).filter((field) => !documented.has(field))).toEqual([]);
  });

  test("fails a broken server, names the broken check, and never prints the key the server echoed", async ({ simulator }) => {
    const local = await simulator({ apiKey: canary, breaks: ["wrong-type-field:sendMessage"] });
    const ids = idsOf(local.simulator);
    const { code, output } = await live({ NEXOR_BASE_URL: local.url, NEXOR_API_KEY: canary, NEXOR_LIVE_SEND: "call", ...ids });
    expect(code).toBe(1);
    expect(output).toContain("response_schema_conformance: the 200 body does not match the schema documented for 200");
    expect(output).toMatch(/✗ sendMessage: 1 of \d+ cases broke a promise/);
    expect(local.calls.some((call) => call.reply.body.includes(canary))).toBe(true);
    expect(output).not.toContain(canary);
  });

  test("refuses to start without NEXOR_API_KEY, says what to set, and sends nothing", async ({ simulator }) => {
    const local = await simulator({ apiKey: canary });
    const { code, output } = await live({ NEXOR_BASE_URL: local.url, NEXOR_LIVE_SEND: "call", ...idsOf(local.simulator) });
    expect(code).toBe(2);
    expect(output).toContain("NEXOR_API_KEY is not set");
    expect(local.calls).toEqual([]);
  });

  test("says once that nothing listens on a refused port, and exits 2", async () => {
    const url = await refusedUrl();
    const { code, lines } = await live({ NEXOR_BASE_URL: url, NEXOR_API_KEY: canary });
    expect(code).toBe(2);
    expect(lines.filter((line) => line.includes("connection refused"))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^contract: cannot reach [A-Z]+ ${url}/\\S+: connection refused \\(nothing listens there\\), after \\d+ ms; nothing was sent$`,
        ),
      ),
    ]);
    expect(lines.length).toBeLessThan(12);
  });

  test("stops at the first request that gets no answer mid-run, and lists the rest as not run", async ({ serve }) => {
    // Answers the pre-flight's two requests and three cases (the simulator's answers), then closes every connection
    // without a word.
    const behind = await startSimulator({ apiKey: canary });
    const calls: RecordedCall[] = [];
    const server = await serve(async (request, response, index) => {
      if (index > 4) {
        response.socket?.destroy();
        return;
      }
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      const reply = await forward(behind, calls, { method: request.method, path: request.path, headers, body: request.body });
      response.writeHead(reply.status, { "content-type": reply.contentType }).end(reply.body);
    });
    const { code, lines } = await live({ NEXOR_BASE_URL: `${server.url}${basePath}`, NEXOR_API_KEY: canary });
    expect(code).toBe(1);
    expect(server.requests).toHaveLength(6);
    expect(lines.filter((line) => line.includes("connection closed without an answer"))).toHaveLength(2);
    expect(lines).toContainEqual(
      expect.stringMatching(/^contract: stopped: .+ stopped answering \(connection closed without an answer \(\w+\)\); \d+ cases not run$/),
    );
    expect(lines.at(-1)).toMatch(/^contract: 3 cases passed, 1 failed, \d+ not run/);
    await behind.close();
  });
});

test("exits 2 within its timeout, having sent one request, when the server accepts the connection and never answers", async () => {
  const silent = await startSilentServer();
  try {
    const started = performance.now();
    const { code, lines } = await live({ NEXOR_API_KEY: canary, NEXOR_BASE_URL: silent.url, NEXOR_CONTRACT_TIMEOUT_MS: "1000" });
    const elapsed = performance.now() - started;
    expect(code).toBe(2);
    expect(lines.filter((line) => line.startsWith("contract: cannot reach"))).toEqual([
      expect.stringMatching(
        /^contract: cannot reach GET http:\/\/127\.0\.0\.1:\d+\/templates: no answer within 1000 ms \(NEXOR_CONTRACT_TIMEOUT_MS\), after 1\d{3} ms; nothing was sent$/,
      ),
    ]);
    expect(silent.requests()).toBe(1);
    // The timeout and not a moment of planning more: with the default 10 s, well inside 15 s.
    expect(elapsed).toBeLessThan(1_000 + 1_500);
  } finally {
    await silent.close();
  }
});
