// The settings of a live run: incomplete ones stop it before anything is sent, with every variable to set.
import { describe, expect, test } from "vitest";
import { defaultBaseUrl, readLiveTarget, readRunSettings, SettingsError } from "../support/settings.js";

const lead = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const workflow = "5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11";

function problems(env: Record<string, string>): string {
  try {
    readLiveTarget(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.message;
    throw error;
  }
  throw new Error("readLiveTarget accepted settings it should refuse");
}

describe("readLiveTarget", () => {
  test("needs only the key, and targets production by default with no real sends", () => {
    const target = readLiveTarget({ NEXOR_API_KEY: "nxr_live_k", NEXOR_CONTRACT_SEED: "7" });
    expect(target).toEqual({ kind: "live", baseUrl: defaultBaseUrl, apiKey: "nxr_live_k", seed: 7, cases: 3 });
  });
  test("refuses to start without NEXOR_API_KEY and says what to set", () => {
    expect(problems({ NEXOR_BASE_URL: "http://127.0.0.1:1" })).toMatch(/^NEXOR_API_KEY is not set: set it to the API key/);
  });
  test("refuses plain http anywhere but this machine, where the key would cross the network in clear", () => {
    expect(problems({ NEXOR_API_KEY: "k", NEXOR_BASE_URL: "http://api.getnexor.ai/api/public" })).toContain("NEXOR_BASE_URL must be https");
    expect(readLiveTarget({ NEXOR_API_KEY: "k", NEXOR_BASE_URL: "http://127.0.0.1:8080/api/public/" }).baseUrl).toBe(
      "http://127.0.0.1:8080/api/public",
    );
  });
  test("sends for real only with a lead and a workflow, each channel once however often it is listed", () => {
    const target = readLiveTarget({
      NEXOR_API_KEY: "k",
      NEXOR_LIVE_SEND: "email, call,email",
      NEXOR_LEAD_ID: lead,
      NEXOR_WORKFLOW_ID: workflow,
    });
    expect(target.sends).toEqual({ channels: ["email", "call"], leadId: lead, workflowId: workflow });
  });
  test("lists every problem with a send at once", () => {
    const message = problems({ NEXOR_API_KEY: "k", NEXOR_LIVE_SEND: "sms,call", NEXOR_LEAD_ID: "lead-uuid", NEXOR_TEMPLATE_ID: "welcome" });
    expect(message.split("\n")).toEqual([
      "NEXOR_LIVE_SEND names unknown channels (sms): list some of whatsapp, email, call.",
      'NEXOR_LEAD_ID must be a UUID, not "lead-uuid".',
      "NEXOR_WORKFLOW_ID is not set: NEXOR_LIVE_SEND sends real messages, and needs the workflow whose channels send them.",
      'NEXOR_TEMPLATE_ID must be a UUID, not "welcome".',
    ]);
  });
});

describe("readRunSettings", () => {
  test("draws a fresh 32-bit seed when none is set", () => {
    const { seed, cases } = readRunSettings({});
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
    expect(cases).toBe(3);
  });
  test("refuses a seed or case count that is not a whole number in range", () => {
    expect(() => readRunSettings({ NEXOR_CONTRACT_SEED: "abc", NEXOR_CONTRACT_CASES: "1000" })).toThrow(
      'NEXOR_CONTRACT_SEED must be a whole number from 0 to 4294967295, not "abc".\nNEXOR_CONTRACT_CASES must be a whole number from 0 to 100, not "1000".',
    );
  });
});
