// The README's consumer test, run so that it cannot rot: the client against the simulator, a lead created and read
// back, a message sent, and the webhook of the status change received and parsed.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { startSimulator } from "../../simulator/index.js";
import { createNexorClient } from "../../src/index.js";
import { parseWebhook } from "../../src/webhooks.js";

test("a consumer's test: create a lead, read it back, send it a message, see the webhook arrive", async () => {
  // A webhook receiver, as the consumer's app would have.
  const received: unknown[] = [];
  const receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push(parseWebhook(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const sim = await startSimulator({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/nexor` });
  try {
    const nexor = createNexorClient({ apiKey: sim.apiKey, baseUrl: sim.baseUrl });

    const created = await nexor.leads.create({ first_name: "Alice", email: "alice@example.com", workflow_id: sim.seed.secondWorkflowId });
    const leadId = (created as { lead: { id: string } }).lead.id;
    const read = await nexor.leads.get(leadId);
    expect(read).toMatchObject({ success: true, lead: { id: leadId, first_name: "Alice" } });

    const sent = await nexor.messages.send({
      lead_id: leadId,
      workflow_id: sim.seed.secondWorkflowId,
      channel: "email",
      content: "Hi Alice",
    });
    expect(sent).toMatchObject({ success: true, activity_id: expect.any(String) });
    const history = await nexor.leads.history(leadId, { channel: ["email"] });
    expect(history.history).toMatchObject([{ channel: "email", content: "Hi Alice" }]);

    await nexor.leads.setStatus(leadId, { status_key: "qualified" });
    await sim.webhooksIdle();
    expect(received).toMatchObject([{ known: true, event_type: "workflow_run.status_changed", data: { new_status: "qualified" } }]);
  } finally {
    await sim.close();
    await new Promise((resolve) => receiver.close(resolve));
  }
});
