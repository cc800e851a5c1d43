// The settings of a live run: incomplete ones stop it before anything is sent, with every variable to set.
import { describe, expect, test } from "vitest";
import { defaultBaseUrl, readLiveTarget, readRunSettings } from "../support/settings.js";

// Ids of a test account, not the spec's examples (those are refused, below).
const lead = "0b9a3c1e-5d2f-4e6a-9b7c-8d1e2f3a4b5c";
const workflow = "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918";
const exampleLead = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

// The settings error a live run would stop with, as a rejection to match.
const refused = (env: Record<string, string>) => expect(async () => readLiveTarget(env)).rejects;

describe("readLiveTarget", () => {
  test("needs only the key, and targets production by default with no sends, no writes and a 10 s timeout", () => {
    const target = readLiveTarget({ NEXOR_API_KEY: "nxr_live_k", NEXOR_CONTRACT_SEED: "7" });
    expect(target).toEqual({ kind: "live", baseUrl: defaultBaseUrl, apiKey: "nxr_live_k", seed: 7, cases: 3, timeoutMs: 10_000, ids: {} });
  });
  test("refuses to start without NEXOR_API_KEY and says what to set", async () => {
    await refused({ NEXOR_BASE_URL: "http://127.0.0.1:1" }).toMatchObject({
      name: "SettingsError",
      message: expect.stringMatching(/^NEXOR_API_KEY is not set: set it to the API key/),
    });
  });
  test("refuses plain http anywhere but this machine, where the key would cross the network in clear", async () => {
    await refused({ NEXOR_API_KEY: "k", NEXOR_BASE_URL: "http://api.getnexor.ai/api/public" }).toMatchObject({
      message: expect.stringContaining("NEXOR_BASE_URL must be https"),
    });
    expect(readLiveTarget({ NEXOR_API_KEY: "k", NEXOR_BASE_URL: "http://127.0.0.1:8080/api/public/" }).baseUrl).toBe(
      "http://127.0.0.1:8080/api/public",
    );
  });
  test("refuses a base URL with a query, a fragment or credentials, without quoting the credentials", async () => {
    for (const base of ["https://api.example.com/api/public?x=1", "https://api.example.com/api/public#top"]) {
      await refused({ NEXOR_API_KEY: "k", NEXOR_BASE_URL: base }).toMatchObject({
        message: expect.stringContaining("a query (?…) or a fragment"),
      });
    }
    const error = await Promise.resolve()
      .then(() => readLiveTarget({ NEXOR_API_KEY: "k", NEXOR_BASE_URL: "https://alice:s3cr3tpw@api.example.com/api/public" }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ name: "SettingsError", message: expect.stringContaining("holds a user name or password") });
    expect((error as Error).message).not.toMatch(/alice|s3cr3tpw/);
  });
  test("refuses a key a header cannot carry (a line break inside it), without quoting it", async () => {
    for (const key of ["nxr_live_ab\ncd", "nxr_live_ab cd", "nxr_live_äb"]) {
      const error = await Promise.resolve()
        .then(() => readLiveTarget({ NEXOR_API_KEY: key }))
        .catch((caught: Error) => caught);
      expect(error).toMatchObject({ name: "SettingsError", message: expect.stringContaining("NEXOR_API_KEY holds a character") });
      expect((error as Error).message).not.toContain("nxr_live_a");
    }
  });
  test("sends for real only with a lead and a workflow, each channel once however often it is listed", () => {
    const target = readLiveTarget({
      NEXOR_API_KEY: "k",
      NEXOR_LIVE_SEND: "email, call,email",
      NEXOR_LEAD_ID: lead,
      NEXOR_WORKFLOW_ID: workflow,
    });
    expect(target.sends).toEqual(["email", "call"]);
    expect(target.ids).toEqual({ leadId: lead, workflowId: workflow });
  });
  test("reads the test lead with NEXOR_LEAD_ID alone, and writes only what NEXOR_LIVE_WRITE lists", () => {
    const target = readLiveTarget({
      NEXOR_API_KEY: "k",
      NEXOR_LEAD_ID: lead,
      NEXOR_WORKFLOW_ID: workflow,
      NEXOR_LIVE_WRITE: "tags,leads,tags",
    });
    expect(target).toMatchObject({ ids: { leadId: lead, workflowId: workflow }, writes: ["tags", "leads"] });
    expect(target.sends).toBeUndefined();
  });
  test("refuses an id the spec prints as an example, naming the variable and what to set instead", async () => {
    await refused({ NEXOR_API_KEY: "k", NEXOR_LEAD_ID: exampleLead }).toMatchObject({
      name: "SettingsError",
      message: `NEXOR_LEAD_ID is ${exampleLead}, an example id printed in the contract: set it to an id of your own test account.`,
    });
    // A refused value is said once: not also "is not set" by the send or the write that needs it.
    await refused({
      NEXOR_API_KEY: "k",
      NEXOR_LEAD_ID: exampleLead,
      NEXOR_WORKFLOW_ID: workflow,
      NEXOR_LIVE_SEND: "call",
      NEXOR_LIVE_WRITE: "leads",
    }).toMatchObject({
      message: `NEXOR_LEAD_ID is ${exampleLead}, an example id printed in the contract: set it to an id of your own test account.`,
    });
  });
  test("lists every problem with a send or a write at once", async () => {
    await refused({
      NEXOR_API_KEY: "k",
      NEXOR_LIVE_SEND: "sms,call",
      NEXOR_LIVE_WRITE: "leads,processors,webhooks",
      NEXOR_LEAD_ID: "lead-uuid",
      NEXOR_TEMPLATE_ID: "welcome",
      NEXOR_CONTRACT_TIMEOUT_MS: "0",
    }).toMatchObject({
      message: [
        'NEXOR_LEAD_ID must be a UUID, not "lead-uuid".',
        'NEXOR_TEMPLATE_ID must be a UUID, not "welcome".',
        "NEXOR_LIVE_SEND names unknown values (sms): list some of whatsapp, email, call.",
        "NEXOR_LIVE_WRITE names unknown values (webhooks): list some of tags, processors, leads.",
        'NEXOR_CONTRACT_TIMEOUT_MS must be a whole number from 100 to 600000, not "0".',
      ].join("\n"),
    });
    await refused({ NEXOR_API_KEY: "k", NEXOR_LIVE_SEND: "call", NEXOR_LIVE_WRITE: "leads,processors" }).toMatchObject({
      message: [
        "NEXOR_LEAD_ID is not set: NEXOR_LIVE_SEND sends real messages, and needs the lead that receives them.",
        "NEXOR_WORKFLOW_ID is not set: NEXOR_LIVE_SEND sends real messages, and needs the workflow whose channels send them.",
        "NEXOR_LEAD_ID is not set: NEXOR_LIVE_WRITE=leads sets and restores a metadata field on that lead.",
        "NEXOR_WORKFLOW_ID is not set: NEXOR_LIVE_WRITE=processors needs a workflow for the processor's default and its rules.",
      ].join("\n"),
    });
  });
});

describe("readRunSettings", () => {
  test("narrows a run to the operations and tags NEXOR_CONTRACT_OPERATIONS names, in the spec's order", async () => {
    expect(readRunSettings({ NEXOR_CONTRACT_OPERATIONS: "deleteTag, Messages" }).only).toEqual(["sendMessage", "deleteTag"]);
    expect(readRunSettings({}).only).toBeUndefined();
    await expect(async () => readRunSettings({ NEXOR_CONTRACT_OPERATIONS: "sendMessage,sendSms" })).rejects.toMatchObject({
      message: "NEXOR_CONTRACT_OPERATIONS names no operation or tag of this contract: sendSms.",
    });
  });

  test("draws a fresh 32-bit seed when none is set", () => {
    const { seed, cases, timeoutMs } = readRunSettings({});
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
    expect({ cases, timeoutMs }).toEqual({ cases: 3, timeoutMs: 10_000 });
  });
  test("refuses a seed, case count or timeout that is not a whole number in range", async () => {
    await expect(async () =>
      readRunSettings({ NEXOR_CONTRACT_SEED: "abc", NEXOR_CONTRACT_CASES: "1000", NEXOR_CONTRACT_TIMEOUT_MS: "2.5" }),
    ).rejects.toMatchObject({
      name: "SettingsError",
      message:
        'NEXOR_CONTRACT_SEED must be a whole number from 0 to 4294967295, not "abc".\nNEXOR_CONTRACT_CASES must be a whole number from 0 to 100, not "1000".\nNEXOR_CONTRACT_TIMEOUT_MS must be a whole number from 100 to 600000, not "2.5".',
    });
  });
});
