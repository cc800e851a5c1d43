// Messages (WhatsApp, email, an AI call), WhatsApp templates, and master workflows.
import { randomUUID } from "node:crypto";
import { type Call, type Route, reply, route } from "../route.js";
import {
  invalid,
  leadNotFound,
  notFound,
  objectBody,
  optionalBoolean,
  optionalString,
  optionalUuid,
  pathUuid,
  queryEnum,
  requiredUuid,
} from "./check.js";
import { logActivity, touchLead } from "./records.js";

const CHANNELS = ["whatsapp", "email", "call"] as const;

function messageInput(call: Call) {
  const body = objectBody(call.body);
  const leadId = requiredUuid(body, "lead_id");
  const workflowId = requiredUuid(body, "workflow_id");
  const channel = body.channel;
  if (channel === undefined || channel === null) throw invalid("channel is required");
  if (typeof channel !== "string" || !CHANNELS.includes(channel as never)) throw invalid(`channel must be one of ${CHANNELS.join(", ")}`);
  for (const field of ["content", "html", "subject", "begin_message"]) optionalString(body, field);
  const templateId = optionalUuid(body, "template_id");
  if (
    body.components !== undefined &&
    (!Array.isArray(body.components) || !body.components.every((item) => typeof item === "object" && item !== null))
  ) {
    throw invalid("components must be an array of objects");
  }
  const has = (field: string) => typeof body[field] === "string" && (body[field] as string) !== "";
  // WhatsApp needs content unless a template is sent; email needs content, or html for a formatted email.
  if (channel === "whatsapp" && !has("content") && !templateId)
    throw invalid("content is required for whatsapp unless template_id is given");
  if (channel === "email" && !has("content") && !has("html")) throw invalid("content or html is required for email");
  return { body, leadId, workflowId, channel: channel as (typeof CHANNELS)[number], templateId };
}

export const messageRoutes: Route[] = [
  route({
    operation: "sendMessage",
    method: "POST",
    path: "/messages",
    input: messageInput,
    act: (call, _found, { body, leadId, workflowId, channel, templateId }) => {
      // The 24-hour WhatsApp window is not simulated: the docs give no answer for a message outside it.
      const lead = call.account.leads.get(leadId);
      if (!lead) throw leadNotFound();
      if (!call.account.workflows.has(workflowId)) throw invalid("workflow_id not found or does not belong to your account");
      const template = templateId ? call.account.templates.get(templateId) : undefined;
      if (templateId && !template) throw invalid("template_id not found or does not belong to your account");
      // The lead must have a phone for whatsapp and call, an email for email. The docs give no error for either: 400.
      if (channel !== "email" && !lead.phone) throw invalid(`the lead has no phone: ${channel} needs one`);
      if (channel === "email" && !lead.email) throw invalid("the lead has no email");
      const messageId = randomUUID();
      const now = call.now;
      let answer: Record<string, unknown>;
      if (channel === "whatsapp") {
        answer = { type: template ? "template" : "text", provider_message_id: `wamid.${randomUUID().replace(/-/g, "")}` };
        logActivity(call, lead.id, {
          id: messageId,
          channel,
          direction: "outbound",
          content: template ? `[template ${template.name}]` : body.content,
          message_type: template ? "template" : "text",
          media_url: null,
          attachments: [],
          status: "delivered",
          provider_message_id: answer.provider_message_id,
          sent_at: now,
          delivered_at: now,
          read_at: null,
          reaction: null,
          buttons: [],
        });
      } else if (channel === "email") {
        answer = { activity_id: randomUUID() };
        logActivity(call, lead.id, {
          id: messageId,
          channel,
          direction: "outbound",
          // No `subject`: the docs' message history items list no subject field, whatever the email was sent with.
          content: (body.content as string | undefined) ?? body.html,
          status: "delivered",
          sent_at: now,
        });
      } else {
        // A call starts registered.
        answer = { call_id: randomUUID(), call_status: "registered" };
        logActivity(call, lead.id, {
          id: messageId,
          channel,
          direction: "outbound",
          call_status: "registered",
          content: (body.begin_message as string | undefined) ?? null,
          provider_call_id: answer.call_id,
        });
      }
      touchLead(call, lead);
      call.write();
      // The docs show a single success entry without its number: 200.
      return reply(200, { success: true, channel, message_id: messageId, ...answer });
    },
  }),
  route({
    operation: "listTemplates",
    method: "GET",
    path: "/templates",
    input: (call) => ({
      status: queryEnum(call.query, "status", ["APPROVED", "PENDING", "REJECTED"] as const),
      category: queryEnum(call.query, "category", ["MARKETING", "UTILITY", "AUTHENTICATION"] as const),
    }),
    act: (call, _found, { status, category }) =>
      reply(200, {
        success: true,
        templates: [...call.account.templates.values()].filter(
          (template) => (!status || template.status === status) && (!category || template.category === category),
        ),
      }),
  }),
  route({
    operation: "updateMasterWorkflow",
    method: "PATCH",
    path: "/master-workflows/:id",
    ids: (call) => {
      const master = call.account.masterWorkflows.get(pathUuid(call.params.id ?? "", "id"));
      if (!master) throw notFound("Master workflow");
      return master;
    },
    input: (call) => {
      const body = objectBody(call.body);
      const changes: { name?: string; description?: string | null; is_active?: boolean } = {};
      if (body.name !== undefined) {
        if (typeof body.name !== "string" || body.name.trim() === "") throw invalid("name must be a non-empty string");
        changes.name = body.name;
      }
      const description = optionalString(body, "description", true);
      if (description !== undefined) changes.description = description;
      const active = optionalBoolean(body, "is_active");
      if (active !== undefined) changes.is_active = active;
      return changes;
    },
    act: (call, master, changes) => {
      Object.assign(master, changes, { updated_at: call.now });
      call.write();
      return reply(200, { success: true, master_workflow: { ...master } });
    },
  }),
];
