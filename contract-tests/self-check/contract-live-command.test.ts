// The real `npm run contract:live`, run as a child process against local servers: its exit code is the verdict
// consumers' CI reads. It must pass a conforming server, sending each listed channel exactly once; fail a broken
// one, naming the check; refuse to start without a key; and never print the key, whatever the server echoes.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test } from "vitest";
import { requestVariants } from "../../test/support/spec.js";
import { type Answer, type AnsweringServer, startAnsweringServer } from "./answering-server.js";
import { brokenServers } from "./broken-servers.js";
import { conformingAnswer } from "./conforming-server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const commandTimeoutMs = 90_000;
// Shaped like a real key and unique to this run, so that finding it anywhere in the output means it leaked.
const canary = `nxr_live_canary${randomUUID().replaceAll("-", "")}`;
const ids = { NEXOR_LEAD_ID: randomUUID(), NEXOR_WORKFLOW_ID: randomUUID(), NEXOR_TEMPLATE_ID: randomUUID() };

let server: AnsweringServer | undefined;
afterEach(() => server?.close());

async function serve(answer: Answer): Promise<AnsweringServer> {
  server = await startAnsweringServer(answer);
  return server;
}

/**
 * Runs `npm run contract:live` with only PATH, HOME and `env`, so that nothing from this process (a real key, the
 * parent vitest's own variables) leaks in. Its own process group is killed if it outlives the timeout.
 */
function contractLive(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "contract:live"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), commandTimeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const parsed = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe("npm run contract:live", () => {
  test("passes a conforming server, sending each listed channel exactly once and nothing contract-only", async () => {
    const local = await serve(conformingAnswer(canary));
    const { code, output } = await contractLive({
      NEXOR_BASE_URL: local.url,
      NEXOR_API_KEY: canary,
      NEXOR_LIVE_SEND: "whatsapp,email,call,email",
      NEXOR_CONTRACT_SEED: "4242",
      NEXOR_CONTRACT_CASES: "1",
      ...ids,
    });
    expect(code, output).toBe(0);
    expect(output).toContain("seed 4242 (NEXOR_CONTRACT_SEED=4242 repeats this run)");
    expect(output).not.toContain(canary);

    // Parsing every body also proves that the not-JSON case, which is contract-only, was not sent.
    const bodies = local.calls.map((call) => parsed(call.body));
    const sends = bodies.filter((body) => body.lead_id === ids.NEXOR_LEAD_ID);
    expect(sends.map((body) => body.channel).sort()).toEqual(["call", "email", "whatsapp"]);
    expect(sends.find((body) => body.channel === "whatsapp")?.template_id).toBe(ids.NEXOR_TEMPLATE_ID);
    // Every other request went to its own fresh lead, and carried only fields the docs define.
    const others = bodies.filter((body) => body.lead_id !== ids.NEXOR_LEAD_ID);
    expect(others.length).toBeGreaterThan(5);
    const leads = others.map((body) => body.lead_id).filter((lead) => typeof lead === "string" && /^[0-9a-f-]{36}$/.test(lead));
    expect(new Set(leads).size).toBe(leads.length);
    const documented = new Set(
      requestVariants("sendMessage").flatMap(({ schema }) =>
        Object.entries(schema.properties as object)
          .filter(([, field]) => field !== false)
          .map(([name]) => name),
      ),
    );
    expect(others.flatMap((body) => Object.keys(body)).filter((field) => !documented.has(field))).toEqual([]);
  });

  test("fails a broken server, names the broken check, and never prints the key the server echoed", async () => {
    const broken = brokenServers.find((candidate) => candidate.breaks === "a field of the wrong type")!;
    const local = await serve(broken.answer(canary));
    const { code, output } = await contractLive({
      NEXOR_BASE_URL: local.url,
      NEXOR_API_KEY: canary,
      NEXOR_LIVE_SEND: "call",
      NEXOR_CONTRACT_CASES: "0",
      ...ids,
    });
    expect(code).not.toBe(0);
    expect(output).toContain("response_schema_conformance: the 200 body does not match the schema documented for 200");
    expect(output).toContain("#/components/schemas/MessageSentFields/properties/success/type at /success: must be boolean");
    expect(local.calls.some((call) => call.reply.body.includes(canary))).toBe(true);
    expect(output).not.toContain(canary);
  });

  test("refuses to start without NEXOR_API_KEY, says what to set, and sends nothing", async () => {
    const local = await serve(conformingAnswer(canary));
    const { code, output } = await contractLive({ NEXOR_BASE_URL: local.url, NEXOR_LIVE_SEND: "call", ...ids });
    expect(code).not.toBe(0);
    expect(output).toContain("NEXOR_API_KEY is not set");
    expect(local.calls).toEqual([]);
  });
});
