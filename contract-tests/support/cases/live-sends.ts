// The only real messages the suite ever sends: one per channel the person running it listed, to the lead and
// workflow they named, with text that says what it is. Each case is marked `once`, so the runner never sends it twice.

import { partValidatorAt } from "../documented.js";
import { operationById } from "../operations.js";
import { describeErrors } from "../spec.js";
import type { Channel, Target } from "../target.js";
import type { ContractCase } from "./contract-case.js";

/** The operation that sends a message: the one `NEXOR_LIVE_SEND` is about. */
export const sendOperationId = "sendMessage";

const notice = "Automated contract test of the Nexor API toolkit. No reply is needed.";

// Which request example each channel's send is made from.
function exampleFor(channel: Channel, templateId: string | undefined): string {
  if (channel === "whatsapp") return templateId ? "whatsapp_template" : "whatsapp_text";
  return channel;
}

/** One positive case per listed channel, built from that channel's request example. */
export function liveSendCases(target: Target): ContractCase[] {
  const { leadId, workflowId, templateId } = target.ids;
  if (!target.sends?.length || !leadId || !workflowId) return [];
  const operation = operationById(sendOperationId);
  const variants = operation.body!.variants;
  return target.sends.map((channel) => {
    const name = exampleFor(channel, templateId);
    const variant = variants.find((candidate) => candidate.examples.some((example) => example.name === name));
    if (!variant) throw new Error(`${sendOperationId} lost its ${name} request example, which the ${channel} send is made from`);
    const example = variant.examples.find((candidate) => candidate.name === name)!.value as Record<string, unknown>;
    const body: Record<string, unknown> = { ...example, lead_id: leadId, workflow_id: workflowId };
    for (const field of ["content", "begin_message"]) if (field in body) body[field] = notice;
    if ("subject" in body) body.subject = "Nexor API contract test";
    if ("html" in body) body.html = `<p>${notice}</p>`;
    if (name === "whatsapp_template" && templateId) {
      body.template_id = templateId;
      // The example's parameters fill the example's template; the one named here is sent without parameters.
      delete body.components;
    }
    const validate = partValidatorAt(variant.pointer);
    if (!validate(body)) throw new Error(`the live ${name} send would break the contract: ${describeErrors(validate.errors).join("; ")}`);
    return {
      operationId: sendOperationId,
      name: `sends one real ${name} message and the answer keeps the contract`,
      kind: "positive",
      phase: "send",
      credentials: "valid",
      path: {},
      query: [],
      body: JSON.stringify(body),
      once: true,
    };
  });
}
