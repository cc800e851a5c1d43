// Conversions: events recorded against a lead and a conversion type, which lends them its currency and workflow ids;
// listed newest first with limit/offset and a total. Conversion types: the active ones.
import { randomUUID } from "node:crypto";
import { type Call, type Route, reply, route } from "../route.js";
import type { Conversion, ConversionType } from "../state.js";
import {
  invalid,
  isObject,
  leadNotFound,
  objectBody,
  optionalString,
  optionalUuid,
  queryInteger,
  queryUuid,
  requiredUuid,
} from "./check.js";
import { parseInstant } from "./meetings.js";

const typeShown = (type: ConversionType) => {
  const { is_active: _active, ...shown } = type;
  return shown;
};

function conversionShown(call: Call, event: Conversion, withCategory: boolean) {
  const { seq: _seq, ...shown } = event;
  const type = call.account.conversionTypes.get(event.conversion_type_id);
  return {
    ...shown,
    conversion_types: type ? { name: type.name, ...(withCategory && { category: type.category }), fields: type.fields } : null,
  };
}

export const conversionRoutes: Route[] = [
  route({
    operation: "createConversion",
    status: 201,
    method: "POST",
    path: "/conversions",
    input: (call) => {
      const body = objectBody(call.body);
      const typeId = requiredUuid(body, "conversion_type_id");
      const leadId = requiredUuid(body, "lead_id");
      if (body.amount === undefined || body.amount === null) throw invalid("amount is required");
      if (typeof body.amount !== "number" || !Number.isFinite(body.amount)) throw invalid("amount must be a number");
      const runId = optionalUuid(body, "workflow_run_id", true) ?? null;
      const currency = optionalString(body, "currency");
      if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency)) throw invalid("currency must be a 3-letter ISO 4217 code");
      const convertedAt = optionalString(body, "converted_at");
      if (body.metadata !== undefined && body.metadata !== null && !isObject(body.metadata)) throw invalid("metadata must be an object");
      return {
        typeId,
        leadId,
        amount: body.amount,
        runId,
        convertedAt: convertedAt === undefined ? undefined : new Date(parseInstant(convertedAt, "converted_at", "UTC")).toISOString(),
        metadata: (body.metadata as Record<string, unknown> | null | undefined) ?? {},
        notes: optionalString(body, "notes", true) ?? null,
      };
    },
    act: (call, _found, input) => {
      // An inactive type is accepted: the docs only say the type list shows the active ones.
      const type = call.account.conversionTypes.get(input.typeId);
      if (!type) throw invalid("conversion_type_id not found or does not belong to your account");
      if (!call.account.leads.has(input.leadId)) throw leadNotFound();
      if (input.runId && !call.account.runs.has(input.runId)) throw invalid("workflow_run_id not found or does not belong to your account");
      const event: Conversion = {
        id: randomUUID(),
        conversion_type_id: type.id,
        lead_id: input.leadId,
        amount: input.amount,
        // The currency and the workflow ids are the type's.
        currency: type.currency,
        converted_at: input.convertedAt ?? call.now,
        created_at: call.now,
        workflow_id: type.workflow_id,
        master_workflow_id: type.master_workflow_id,
        workflow_run_id: input.runId,
        metadata: input.metadata,
        notes: input.notes,
        seq: ++call.account.seq,
      };
      call.account.conversions.set(event.id, event);
      call.write();
      // A create: 201 (the docs do not show the status).
      return reply(201, { success: true, conversion_event: conversionShown(call, event, false) });
    },
  }),
  route({
    operation: "listConversions",
    method: "GET",
    path: "/conversions",
    input: (call) => ({
      lead_id: queryUuid(call.query, "lead_id"),
      workflow_id: queryUuid(call.query, "workflow_id"),
      master_workflow_id: queryUuid(call.query, "master_workflow_id"),
      workflow_run_id: queryUuid(call.query, "workflow_run_id"),
      conversion_type_id: queryUuid(call.query, "conversion_type_id"),
      limit: queryInteger(call.query, "limit", 50, 1, 200),
      offset: queryInteger(call.query, "offset", 0, 0, Number.MAX_SAFE_INTEGER),
    }),
    act: (call, _found, { limit, offset, ...filters }) => {
      const matching = [...call.account.conversions.values()]
        .filter((event) => Object.entries(filters).every(([key, value]) => !value || event[key as keyof Conversion] === value))
        // Newest first: by conversion time, then by recording order.
        .sort((a, b) => b.converted_at.localeCompare(a.converted_at) || b.seq - a.seq);
      const page = matching.slice(offset, offset + limit).map((event) => conversionShown(call, event, true));
      return reply(200, { success: true, conversion_events: page, ...(!call.broken("missing-total") && { total: matching.length }) });
    },
  }),
  route({
    operation: "listConversionTypes",
    method: "GET",
    path: "/conversion-types",
    act: (call) =>
      reply(200, {
        success: true,
        conversion_types: [...call.account.conversionTypes.values()].filter((type) => type.is_active).map(typeShown),
      }),
  }),
];
