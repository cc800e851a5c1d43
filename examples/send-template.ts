// Create a lead and send it an approved WhatsApp template, its placeholders filled from the template's variables.
// A template is the one kind of WhatsApp message Meta delivers outside the 24-hour window.
//   NEXOR_API_KEY=nxr_live_… NEXOR_WORKFLOW_ID=<uuid> npx tsx examples/send-template.ts
import { createNexorClient } from "@nexor/api";

const nexor = createNexorClient(); // NEXOR_API_KEY, and NEXOR_BASE_URL when set
const workflowId = process.env.NEXOR_WORKFLOW_ID ?? "5f0e2b7a-9c41-4d38-a6f2-0b7e1c9d4a11";

// Without workflow_id the lead is only created: no workflow starts, so nobody is contacted by this call. One lead
// in, the documented one-lead answer out, typed as such: `lead.id` is a string.
const created = await nexor.leads.create({
  first_name: "John",
  last_name: "Doe",
  phone: "+15555550123",
  email: "john.doe@example.com",
});
const leadId: string = created.lead.id;

const { templates = [] } = await nexor.templates.list({ status: "APPROVED" });
const template = templates.find((candidate) => candidate.name === "meeting_global_with_name") ?? templates[0];
if (!template?.id) throw new Error("No approved WhatsApp template in this account");

// One BODY parameter per variable, in the order of its position ({{1}}, {{2}}, …).
const values: Record<string, string> = {
  first_name: "John",
  agent_name: "Ana",
  company: "Acme",
  meeting_date: "10 April",
  meeting_time: "15:00",
};
const parameters = (template.variables ?? [])
  .filter((variable) => variable.component === "BODY")
  .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
  .map((variable) => ({ type: "text", text: values[variable.name ?? ""] ?? "" }));

const sent = await nexor.messages.send({
  lead_id: leadId,
  workflow_id: workflowId,
  channel: "whatsapp",
  template_id: template.id,
  components: [{ type: "BODY", parameters }],
});
console.log(`Sent template ${template.name} to lead ${leadId}: WhatsApp message ${sent.provider_message_id}`);
