// Tags: the account's tag CRUD (slug unique per account), and a lead's tags: a full-set sync by name, an add by id.
import { randomUUID } from "node:crypto";
import { type Call, type Route, reply, route } from "../route.js";
import type { Account, Lead, Tag } from "../state.js";
import { ApiError, isObject, isUuid, objectBody, pathUuid } from "./check.js";
import { leadByEmail, touchLead } from "./records.js";

// The tag pages answer errors as `{error}` alone.
const tagError = (status: number, error: string) => new ApiError(status, { error });
// The docs give the 404's meaning ("Tag does not exist or does not belong to your account") but no body.
const tagNotFound = () => tagError(404, "Tag not found");
const slugTaken = () => tagError(409, "A tag with this slug already exists");
const leadMissing = () => tagError(404, "Lead not found");

/** A tag as a lead's tag list shows it. */
const brief = (tag: Tag) => ({ id: tag.id, name: tag.name, slug: tag.slug });
/** A tag as the tag endpoints show it. */
const full = (tag: Tag) => ({
  id: tag.id,
  name: tag.name,
  slug: tag.slug,
  description: tag.description,
  created_at: tag.created_at,
  updated_at: tag.updated_at,
});

/** The slug of a name: lower case, runs of anything but letters and digits turned into one hyphen, accents dropped. */
export function slugOf(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const tagBySlug = (account: Account, slug: string) => [...account.tags.values()].find((tag) => tag.slug === slug);

/** The first value of `key` anywhere in the body, breadth first: the lead keys of PUT /leads/tags may be nested. */
function findKey(body: unknown, key: string): unknown {
  const queue: unknown[] = [body];
  for (let seen = 0; queue.length && seen < 10_000; seen++) {
    const next = queue.shift();
    if (Array.isArray(next)) queue.push(...next);
    else if (isObject(next)) {
      if (next[key] !== undefined && next[key] !== null) return next[key];
      queue.push(...Object.values(next));
    }
  }
  return undefined;
}

/** The lead of a `:leadId` path, in the tag pages' `{error}` envelope. */
function tagLead(call: Call): Lead {
  const lead = call.account.leads.get(pathUuid(call.params.leadId ?? "", "leadId"));
  if (!lead) throw leadMissing();
  return lead;
}

const tagAt = (call: Call): Tag => {
  const tag = call.account.tags.get(pathUuid(call.params.id ?? "", "id"));
  if (!tag) throw tagNotFound();
  return tag;
};

export const tagRoutes: Route[] = [
  route({
    operation: "syncLeadTags",
    method: "PUT",
    path: "/leads/tags",
    input: (call) => {
      const body = objectBody(call.body);
      const tags = body.tags;
      if (!Array.isArray(tags) || !tags.every((name) => typeof name === "string" && slugOf(name) !== "")) {
        throw tagError(400, "tags must be an array of tag names");
      }
      const leadId = findKey(body, "lead_id");
      const email = findKey(body, "email");
      if (leadId === undefined && email === undefined) throw tagError(400, "lead_id or email is required");
      if (leadId !== undefined && !isUuid(leadId)) throw tagError(400, "lead_id must be a UUID");
      if (leadId === undefined && typeof email !== "string") throw tagError(400, "email must be a string");
      return { names: tags as string[], leadId: leadId as string | undefined, email: email as string | undefined };
    },
    act: (call, _found, { names, leadId, email }) => {
      // lead_id wins when both are given; email is compared case-insensitively.
      const lead = leadId ? call.account.leads.get(leadId) : leadByEmail(call.account, email!);
      if (!lead) throw leadMissing();
      // Find-or-create by slug: an unknown name becomes a tag.
      const wanted: Tag[] = [];
      for (const name of names) {
        const slug = slugOf(name);
        let tag = tagBySlug(call.account, slug);
        if (!tag) {
          tag = { id: randomUUID(), name: name.trim(), slug, description: null, created_at: call.now, updated_at: call.now };
          call.account.tags.set(tag.id, tag);
          call.write();
        }
        if (!wanted.includes(tag)) wanted.push(tag);
      }
      const ids = wanted.map((tag) => tag.id);
      const added = ids.filter((id) => !lead.tag_ids.includes(id));
      // Tags not in the list are unassigned: [] clears them all.
      const removed = lead.tag_ids.filter((id) => !ids.includes(id));
      if (added.length || removed.length) {
        lead.tag_ids = ids;
        touchLead(call, lead);
        call.write();
      }
      return reply(200, { success: true, lead_id: lead.id, tags: wanted.map(brief), added, removed });
    },
  }),
  route({
    operation: "addLeadTags",
    status: 201,
    method: "POST",
    path: "/leads/:leadId/tags",
    ids: tagLead,
    input: (call) => {
      const body = objectBody(call.body);
      const one = body.tagId !== undefined;
      const many = body.tagIds !== undefined;
      // tagId or tagIds, not both.
      if (one === many) throw tagError(400, "Provide either tagId or tagIds, not both");
      const ids = one ? [body.tagId] : body.tagIds;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every(isUuid))
        throw tagError(400, one ? "tagId must be a UUID" : "tagIds must be a non-empty array of UUIDs");
      return ids as string[];
    },
    act: (call, lead, ids) => {
      const tags = ids.map((id) => call.account.tags.get(id));
      if (tags.some((tag) => !tag)) throw tagNotFound();
      // Tags already assigned are skipped.
      const fresh = ids.filter((id, index) => !lead.tag_ids.includes(id) && ids.indexOf(id) === index);
      if (fresh.length) {
        lead.tag_ids.push(...fresh);
        touchLead(call, lead);
        call.write();
      }
      return reply(201, { data: [...new Set(tags as Tag[])].map(brief) });
    },
  }),
  route({
    operation: "listLeadTags",
    method: "GET",
    path: "/leads/:leadId/tags",
    ids: tagLead,
    act: (call, lead) =>
      reply(200, {
        data: lead.tag_ids
          .map((id) => call.account.tags.get(id))
          .filter((tag) => tag !== undefined)
          .map(brief),
      }),
  }),
  route({
    operation: "listTags",
    method: "GET",
    path: "/tags",
    act: (call) => {
      // search matches name, slug or description, case-insensitively.
      const search = call.query.get("search")?.toLowerCase();
      const tags = [...call.account.tags.values()]
        .filter((tag) => !search || [tag.name, tag.slug, tag.description ?? ""].some((text) => text.toLowerCase().includes(search)))
        .sort((a, b) => a.name.localeCompare(b.name));
      return reply(200, { data: tags.map(full) });
    },
  }),
  route({
    operation: "createTag",
    status: 201,
    method: "POST",
    path: "/tags",
    input: (call) => {
      const body = objectBody(call.body);
      if (typeof body.name !== "string" || body.name.trim() === "") throw tagError(400, "Tag name is required");
      if (typeof body.slug !== "string" || body.slug.trim() === "") throw tagError(400, "Tag slug is required");
      if (body.description !== undefined && body.description !== null && typeof body.description !== "string") {
        throw tagError(400, "Tag description must be a string");
      }
      return { name: body.name, slug: body.slug, description: (body.description as string | null | undefined) ?? null };
    },
    act: (call, _found, input) => {
      if (tagBySlug(call.account, input.slug)) throw slugTaken();
      const tag: Tag = { id: randomUUID(), ...input, created_at: call.now, updated_at: call.now };
      call.account.tags.set(tag.id, tag);
      call.write();
      const { updated_at: _updated, ...created } = full(tag);
      return reply(201, { data: created });
    },
  }),
  route({
    operation: "updateTag",
    method: "PUT",
    path: "/tags/:id",
    ids: tagAt,
    input: (call) => {
      const body = objectBody(call.body);
      const changes: Partial<Tag> = {};
      if (body.name !== undefined) {
        if (typeof body.name !== "string" || body.name.trim() === "") throw tagError(400, "Tag name must be a non-empty string");
        changes.name = body.name;
      }
      if (body.slug !== undefined) {
        if (typeof body.slug !== "string" || body.slug.trim() === "") throw tagError(400, "Tag slug must be a non-empty string");
        changes.slug = body.slug;
      }
      if (body.description !== undefined) {
        if (body.description !== null && typeof body.description !== "string") throw tagError(400, "Tag description must be a string");
        changes.description = body.description;
      }
      return changes;
    },
    act: (call, tag, changes) => {
      if (changes.slug !== undefined && changes.slug !== tag.slug && tagBySlug(call.account, changes.slug)) throw slugTaken();
      Object.assign(tag, changes, { updated_at: call.now });
      call.write();
      return reply(200, { data: full(tag) });
    },
  }),
  route({
    operation: "deleteTag",
    method: "DELETE",
    path: "/tags/:id",
    ids: tagAt,
    act: (call, tag) => {
      call.account.tags.delete(tag.id);
      // The removal cascades from every lead.
      for (const lead of call.account.leads.values()) {
        if (lead.tag_ids.includes(tag.id)) lead.tag_ids = lead.tag_ids.filter((id) => id !== tag.id);
      }
      call.write();
      return reply(200, { success: true });
    },
  }),
];
