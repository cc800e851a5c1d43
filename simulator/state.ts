// The simulator's account: every record Nexor keeps for one client, in memory, and the seed it starts with. Records
// are plain objects in insertion-ordered Maps, so that a deep copy of the whole account is a faithful snapshot.
import { randomUUID } from "node:crypto";

export interface WorkflowStatus {
  id: string;
  key: string;
  label: string;
  color: string;
  /** "active" or "terminal". A terminal status ends the cadence; the docs name expired and converted as terminal. */
  category: "active" | "terminal";
}

export interface Workflow {
  id: string;
  name: string;
  goal_type: string;
  /** A paused workflow takes enrollments but does not start their cadence. */
  paused: boolean;
  /** Channels of the cadence's steps, in order. A workflow with a call step needs a phone on every lead it takes. */
  steps: Array<"whatsapp" | "email" | "call">;
  statuses: WorkflowStatus[];
}

export interface Lead {
  id: string;
  first_name: string;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  source: string;
  company: string | null;
  title: string | null;
  campaign_id: string | null;
  metadata: Record<string, unknown>;
  /** Values the AI collected: key → {value, value_text, confidence, updated_at}. */
  variables: Record<string, { value: unknown; value_text: string; confidence: number; updated_at: string }>;
  tag_ids: string[];
  created_at: string;
  updated_at: string;
  /** Tie-breaker for "most recently updated": timestamps can be equal within a millisecond. */
  update_seq: number;
}

export interface WorkflowRun {
  id: string;
  lead_id: string;
  workflow_id: string;
  job_id: string;
  is_active: boolean;
  human_takeover: boolean;
  cadence_state: "active" | "paused" | "cancelled";
  run_status: "running" | "finished";
  status_key: string;
  status_reason: string | null;
  /** Scheduled follow-ups; stop cancels them. */
  pending_tasks: number;
  /** Set when the run was replaced by a reassignment. */
  deactivation_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface HistoryItem {
  lead_id: string;
  item: Record<string, unknown>;
}

export interface Tag {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface Condition {
  field: string;
  operator: string;
  value?: unknown;
}

export interface Processor {
  id: string;
  name: string;
  description: string | null;
  default_workflow_id: string;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface Rule {
  id: string;
  processor_id: string;
  name: string;
  workflow_id: string;
  conditions: Condition[];
  position: number;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface User {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  active: boolean;
}

export interface MeetingType {
  id: string;
  name: string;
}

export interface Meeting {
  id: string;
  lead_id: string;
  title: string;
  description: string | null;
  starts_at: string;
  ends_at: string;
  duration_minutes: number;
  timezone: string;
  location_type: "video" | "phone" | "in_person";
  location_details: string | null;
  meeting_url: string | null;
  status: "scheduled" | "confirmed" | "completed" | "cancelled" | "no_show";
  source: string;
  host_user_id: string;
  meeting_type_id: string | null;
  attendee_name: string | null;
  attendee_email: string | null;
  attendee_phone: string | null;
  additional_attendees: Array<{ name: string | null; email: string }>;
  confirmed_by_lead: boolean;
  cancelled_at: string | null;
  cancellation_reason: string | null;
  outcome_notes: string | null;
  outcome_at: string | null;
  no_show_reason: string | null;
  external_calendar_provider: string | null;
  external_event_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingNote {
  id: string;
  meeting_id: string;
  provider: string;
  external_meeting_id: string | null;
  notes: string | null;
  transcript_text: string | null;
  summary: string | null;
  manual_ai_summary: string | null;
  action_items: unknown;
  created_at: string;
  updated_at: string;
}

export interface ConversionType {
  id: string;
  name: string;
  description: string | null;
  category: "intermediary" | "final";
  currency: string;
  fields: Array<{ key: string; label: string; type: "text" | "number" }>;
  workflow_id: string | null;
  master_workflow_id: string | null;
  is_active: boolean;
  created_at: string;
}

export interface Conversion {
  id: string;
  conversion_type_id: string;
  lead_id: string;
  amount: number;
  currency: string;
  converted_at: string;
  created_at: string;
  workflow_id: string | null;
  master_workflow_id: string | null;
  workflow_run_id: string | null;
  metadata: Record<string, unknown>;
  notes: string | null;
  /** Tie-breaker for "newest first" between equal timestamps. */
  seq: number;
}

export interface MasterWorkflow {
  id: string;
  name: string;
  description: string | null;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface Template {
  id: string;
  name: string;
  language: string;
  category: "MARKETING" | "UTILITY" | "AUTHENTICATION";
  status: "APPROVED" | "PENDING" | "REJECTED";
  components: unknown[];
  variables: Array<{ name: string; position: number; component: string }> | null;
}

export interface Campaign {
  id: string;
  name: string;
}

/** The whole account. Every collection is keyed by id. */
export interface Account {
  client_id: string;
  workflows: Map<string, Workflow>;
  masterWorkflows: Map<string, MasterWorkflow>;
  campaigns: Map<string, Campaign>;
  users: Map<string, User>;
  meetingTypes: Map<string, MeetingType>;
  templates: Map<string, Template>;
  conversionTypes: Map<string, ConversionType>;
  leads: Map<string, Lead>;
  runs: Map<string, WorkflowRun>;
  history: HistoryItem[];
  tags: Map<string, Tag>;
  processors: Map<string, Processor>;
  rules: Map<string, Rule>;
  meetings: Map<string, Meeting>;
  notes: Map<string, MeetingNote>;
  conversions: Map<string, Conversion>;
  /** Monotonic counter behind every tie-breaker. */
  seq: number;
}

/** The ids a consumer needs to call the seeded account. */
export interface Seed {
  clientId: string;
  /** A workflow with a call step (its leads need a phone), statuses new/contacted/qualified/lost/converted. */
  workflowId: string;
  /** A second workflow, email only, for reassignment and routing. */
  secondWorkflowId: string;
  /** A paused workflow: enrollment does not start its cadence. */
  pausedWorkflowId: string;
  masterWorkflowId: string;
  campaignId: string;
  /** Active conversion types first; the last one is inactive (GET /conversion-types leaves it out). */
  conversionTypeIds: string[];
  inactiveConversionTypeId: string;
  templateIds: string[];
  /** A lead enrolled in workflowId, with a phone and an email. */
  leadId: string;
  leadEmail: string;
  /** The account's active user: host_email of a meeting must name an active user. */
  hostEmail: string;
  meetingTypeId: string;
}

const statuses = (): WorkflowStatus[] => [
  { id: randomUUID(), key: "new", label: "New", color: "#9ca3af", category: "active" },
  { id: randomUUID(), key: "contacted", label: "Contacted", color: "#3b82f6", category: "active" },
  { id: randomUUID(), key: "qualified", label: "Qualified", color: "#22c55e", category: "active" },
  { id: randomUUID(), key: "lost", label: "Lost", color: "#ef4444", category: "terminal" },
  { id: randomUUID(), key: "converted", label: "Converted", color: "#a855f7", category: "terminal" },
  { id: randomUUID(), key: "expired", label: "Expired", color: "#6b7280", category: "terminal" },
];

/** A fresh account with its seed. `now` is the creation time of every seeded record. */
export function seedAccount(now: string, apiKeyOwnerEmail = "owner@example.com"): { account: Account; seed: Seed } {
  const account: Account = {
    client_id: randomUUID(),
    workflows: new Map(),
    masterWorkflows: new Map(),
    campaigns: new Map(),
    users: new Map(),
    meetingTypes: new Map(),
    templates: new Map(),
    conversionTypes: new Map(),
    leads: new Map(),
    runs: new Map(),
    history: [],
    tags: new Map(),
    processors: new Map(),
    rules: new Map(),
    meetings: new Map(),
    notes: new Map(),
    conversions: new Map(),
    seq: 0,
  };
  const put = <T extends { id: string }>(map: Map<string, T>, value: T) => {
    map.set(value.id, value);
    return value;
  };
  const main = put(account.workflows, {
    id: randomUUID(),
    name: "Inbound qualification",
    goal_type: "appointment",
    paused: false,
    steps: ["call", "whatsapp", "email", "whatsapp", "call"],
    statuses: statuses(),
  });
  const second = put(account.workflows, {
    id: randomUUID(),
    name: "Email nurture",
    goal_type: "qualification",
    paused: false,
    steps: ["email", "email", "email"],
    statuses: statuses(),
  });
  const paused = put(account.workflows, {
    id: randomUUID(),
    name: "Reactivation (paused)",
    goal_type: "qualification",
    paused: true,
    steps: ["whatsapp", "email"],
    statuses: statuses(),
  });
  const master = put(account.masterWorkflows, {
    id: randomUUID(),
    name: "Sales pipeline",
    description: "From first touch to closed deal",
    is_active: true,
    created_at: now,
    updated_at: now,
  });
  const campaign = put(account.campaigns, { id: randomUUID(), name: "Spring launch" });
  const host = put(account.users, { id: randomUUID(), first_name: "Ana", last_name: "Owner", email: apiKeyOwnerEmail, active: true });
  put(account.users, { id: randomUUID(), first_name: "Former", last_name: "Employee", email: "former@example.com", active: false });
  const meetingType = put(account.meetingTypes, { id: randomUUID(), name: "Discovery call" });
  const types = [
    put(account.conversionTypes, {
      id: randomUUID(),
      name: "Meeting held",
      description: "The lead attended a first meeting",
      category: "intermediary",
      currency: "USD",
      fields: [{ key: "meeting_kind", label: "Meeting kind", type: "text" }],
      workflow_id: main.id,
      master_workflow_id: master.id,
      is_active: true,
      created_at: now,
    }),
    put(account.conversionTypes, {
      id: randomUUID(),
      name: "Deal closed",
      description: null,
      category: "final",
      currency: "CLP",
      fields: [
        { key: "plan", label: "Plan", type: "text" },
        { key: "seats", label: "Seats", type: "number" },
      ],
      workflow_id: null,
      master_workflow_id: master.id,
      is_active: true,
      created_at: now,
    }),
  ];
  const inactive = put(account.conversionTypes, {
    id: randomUUID(),
    name: "Legacy signup",
    description: "Retired",
    category: "final",
    currency: "CLF",
    fields: [],
    workflow_id: null,
    master_workflow_id: null,
    is_active: false,
    created_at: now,
  });
  const templates = [
    put(account.templates, {
      id: randomUUID(),
      name: "meeting_global_with_name",
      language: "es",
      category: "UTILITY",
      status: "APPROVED",
      components: [
        {
          type: "BODY",
          text: "Hola {{1}}, soy {{2}} de {{3}}. Te escribo por tu reunión del {{4}} a las {{5}}.",
          example: { body_text: [["Ana", "Luis", "Nexor", "lunes", "10:00"]] },
        },
      ],
      variables: [
        { name: "lead_name", position: 1, component: "BODY" },
        { name: "agent_name", position: 2, component: "BODY" },
        { name: "company_name", position: 3, component: "BODY" },
        { name: "meeting_day", position: 4, component: "BODY" },
        { name: "meeting_time", position: 5, component: "BODY" },
      ],
    }),
    put(account.templates, {
      id: randomUUID(),
      name: "spring_offer",
      language: "en",
      category: "MARKETING",
      status: "PENDING",
      components: [{ type: "BODY", text: "Spring offer for you, {{1}}!", example: { body_text: [["Ana"]] } }],
      variables: [{ name: "lead_name", position: 1, component: "BODY" }],
    }),
    put(account.templates, {
      id: randomUUID(),
      name: "login_code",
      language: "en",
      category: "AUTHENTICATION",
      status: "REJECTED",
      components: [{ type: "BODY", text: "Your code is {{1}}" }],
      variables: null,
    }),
  ];
  const leadEmail = "test.lead@example.com";
  const lead: Lead = {
    id: randomUUID(),
    first_name: "Test",
    last_name: "Lead",
    email: leadEmail,
    phone: "+15550100001",
    source: "api",
    company: "Example Co",
    title: "Buyer",
    campaign_id: campaign.id,
    metadata: { plan_interest: "pro" },
    variables: { budget: { value: 5000, value_text: "5000 USD", confidence: 0.9, updated_at: now } },
    tag_ids: [],
    created_at: now,
    updated_at: now,
    update_seq: 0,
  };
  account.leads.set(lead.id, lead);
  const run: WorkflowRun = {
    id: randomUUID(),
    lead_id: lead.id,
    workflow_id: main.id,
    job_id: `job-${randomUUID().slice(0, 8)}`,
    is_active: true,
    human_takeover: false,
    cadence_state: "active",
    run_status: "running",
    status_key: "new",
    status_reason: null,
    pending_tasks: 1,
    deactivation_reason: null,
    created_at: now,
    updated_at: now,
  };
  account.runs.set(run.id, run);
  account.history.push({
    lead_id: lead.id,
    item: {
      channel: "system",
      activity_type: "workflow_assigned",
      title: "Workflow assigned",
      description: `Enrolled in ${main.name}`,
      actor_type: "api",
      timestamp: now,
    },
  });
  return {
    account,
    seed: {
      clientId: account.client_id,
      workflowId: main.id,
      secondWorkflowId: second.id,
      pausedWorkflowId: paused.id,
      masterWorkflowId: master.id,
      campaignId: campaign.id,
      conversionTypeIds: [...types.map((type) => type.id), inactive.id],
      inactiveConversionTypeId: inactive.id,
      templateIds: templates.map((template) => template.id),
      leadId: lead.id,
      leadEmail,
      hostEmail: host.email,
      meetingTypeId: meetingType.id,
    },
  };
}

/** A deep, plain-JSON copy of the account: Maps become objects keyed by id, in insertion order. */
export function snapshot(account: Account): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(account)) {
    // The tie-breaking counter is bookkeeping, not a record: an account put back as it was compares equal without it.
    if (name === "seq") continue;
    copy[name] =
      value instanceof Map ? Object.fromEntries([...value].map(([id, record]) => [id, structuredClone(record)])) : structuredClone(value);
  }
  return copy;
}

/** A deep copy of the account that can replace it (the modes that answer an error after acting put it back). */
export function cloneAccount(account: Account): Account {
  return structuredClone(account);
}
