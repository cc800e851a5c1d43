// A small purpose-built server for the report, replay and coverage tests: the tags endpoints only. It keeps the key
// promises (401 with the documented bodies without a key or with another one) and answers every keyed request with
// the documented success, so that every positive case holds and every negative one breaks
// negative_data_rejection: a run against it has passes and failures in known places. It logs each request it
// receives (method, path with query, body), which the replay test compares with the failed exchanges.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface TagsServer {
  url: string;
  received: Array<{ method: string; path: string; body: string }>;
  /** From now on, a keyed write whose body is not a valid tag (a field missing, of the wrong type, or unknown) gets 400. */
  fix(): void;
  /** From now on, every answer carries an `x-request-id` header and every tag a `loyalty_tier` field, neither declared. */
  drift(): void;
  close(): Promise<void>;
}

const tag = {
  id: "8f01fb18-80ec-433a-940d-881d1e74bee6",
  name: "Hot lead",
  slug: "hot-lead",
  description: null,
  created_at: "2026-01-05T10:00:00Z",
};

export async function startTagsServer(apiKey: string): Promise<TagsServer> {
  const received: TagsServer["received"] = [];
  let fixed = false;
  let drifting = false;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ method: request.method ?? "", path: request.url ?? "", body });
      const json = (status: number, value: unknown) =>
        response
          .writeHead(status, { "content-type": "application/json", ...(drifting && { "x-request-id": "req_7" }) })
          .end(JSON.stringify(value));
      const key = request.headers["x-api-key"];
      if (!key) return json(401, { error: "Missing API key", message: "Please provide your API key in the X-API-Key header" });
      if (key !== apiKey) return json(401, { error: "Invalid API key", message: "The provided API key is not valid" });
      const answered = drifting ? { ...tag, loyalty_tier: "gold" } : tag;
      if (request.method === "GET") return json(200, { data: [{ ...answered, updated_at: tag.created_at }] });
      if (fixed) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        const fields = (parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
        const valid =
          typeof fields.name === "string" &&
          typeof fields.slug === "string" &&
          (fields.description === undefined || fields.description === null || typeof fields.description === "string") &&
          Object.keys(fields).every((field) => ["name", "slug", "description", "color"].includes(field));
        if (!valid) return json(400, { error: "Validation failed", message: "name and slug are required" });
      }
      return json(201, { data: answered });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/public`,
    received,
    fix: () => {
      fixed = true;
    },
    drift: () => {
      drifting = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
