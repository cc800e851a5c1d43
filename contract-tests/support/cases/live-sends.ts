// The only real messages the suite ever sends: one per channel the person running it listed, to the lead and
// workflow they named, with text that says what it is. Each case is marked `once`, so the runner never sends it twice.
import { describeErrors, requestExamples, requestVariants, validatorAt } from "../../../test/support/spec.js";
import type { Channel, LiveSends } from "../target.js";
import type { ContractCase } from "./contract-case.js";

const notice = "Automated contract test of the Nexor API toolkit. No reply is needed.";

// Which request example each channel's send is made from.
function exampleFor(channel: Channel, sends: LiveSends): string {
  if (channel === "whatsapp") return sends.templateId ? "whatsapp_template" : "whatsapp_text";
  return channel;
}

/** One positive case per listed channel, built from that channel's request example. */
export function liveSendCases(operationId: string, sends: LiveSends): ContractCase[] {
  const examples = requestExamples(operationId);
  const variants = requestVariants(operationId);
  return sends.channels.map((channel) => {
    const name = exampleFor(channel, sends);
    const example = examples[name] as Record<string, unknown>;
    const body: Record<string, unknown> = { ...example, lead_id: sends.leadId, workflow_id: sends.workflowId };
    for (const field of ["content", "begin_message"]) if (field in body) body[field] = notice;
    if ("subject" in body) body.subject = "Nexor API contract test";
    if ("html" in body) body.html = `<p>${notice}</p>`;
    if (name === "whatsapp_template" && sends.templateId) {
      body.template_id = sends.templateId;
      // The example's parameters fill the example's template; the one named here is sent without parameters.
      delete body.components;
    }
    const validate = validatorAt(variants.find((variant) => variant.name === name)!.pointer);
    if (!validate(body)) throw new Error(`the live ${name} send would break the contract: ${describeErrors(validate.errors).join("; ")}`);
    return {
      name: `sends one real ${name} message and the answer keeps the contract`,
      kind: "positive",
      credentials: "valid",
      body: JSON.stringify(body),
      once: true,
    };
  });
}
