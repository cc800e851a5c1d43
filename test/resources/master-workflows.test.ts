// masterWorkflows.update: rename, describe or (de)activate a master workflow; it sets what it carries, so a 503 is
// sent again.
import { describe, expect } from "vitest";
import type { UpdateMasterWorkflowBody } from "../../src/index.js";
import { test } from "../support/fixtures.js";
import { json } from "../support/local-server.js";
import { clientOf, describeMethod, expectRefused, requestExample, uuid } from "../support/resources.js";

const deactivate = requestExample<UpdateMasterWorkflowBody>("updateMasterWorkflow", "deactivate");

describeMethod("updateMasterWorkflow", {
  method: (nexor) => nexor.masterWorkflows.update,
  args: [uuid.masterWorkflow, deactivate],
  sends: { method: "PATCH", path: `/master-workflows/${uuid.masterWorkflow}`, body: deactivate },
  retried: true,
  contacts: [],
});

describe.concurrent("masterWorkflows.update", () => {
  test("an is_active that is not a boolean is refused before sending", async ({ serve }) => {
    const body = { is_active: "false" } as unknown as UpdateMasterWorkflowBody;
    await expectRefused(serve, (nexor) => nexor.masterWorkflows.update(uuid.masterWorkflow, body), "is_active");
  });

  test("a 404 says to check the master workflow id", async ({ serve }) => {
    const server = await serve((_request, response) =>
      json(response, 404, { error: "Not found", message: "Master workflow not found or does not belong to your account" }),
    );
    await expect(clientOf(server).masterWorkflows.update(uuid.masterWorkflow, deactivate)).rejects.toThrow(
      "Check that the master workflow id exists in this API key's account.",
    );
  });
});
