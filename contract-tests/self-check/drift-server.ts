// A Nexor that says more than its docs: the simulator behind a loopback proxy that adds, on purpose, what the spec
// does not declare. Every answer carries an `x-request-id` header; a lead carries `loyalty_tier` inside the open
// `lead` object and `budget_cents` one level deeper, inside its campaign; each template of the list carries
// `quality_rating` (inside an array's items); the tag list answers 429, a status it does not document; and a lead
// read without a valid key is refused as text/plain. Nothing else changes, so that the drift list of a run holds exactly these.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Simulator, startSimulator } from "../../simulator/index.js";

export interface DriftServer {
  /** The API's base URL, `/api/public` included. */
  url: string;
  simulator: Simulator;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

// The answer with its additions, by the request's path.
function drifted(path: string, status: number, body: string): { status: number; type: string; body: string } {
  if (/\/tags$/.test(path)) return { status: 429, type: "application/json", body: JSON.stringify({ error: "Too many requests" }) };
  if (/\/leads\/[^/]+$/.test(path) && status === 401) return { status, type: "text/plain", body: "Unauthorized" };
  if (status !== 200) return { status, type: "application/json; charset=utf-8", body };
  const json = JSON.parse(body) as Json;
  if (/\/leads\/[^/]+$/.test(path)) {
    const lead = (json.lead ?? json) as Json;
    lead.loyalty_tier = "gold";
    if (lead.campaign && typeof lead.campaign === "object") (lead.campaign as Json).budget_cents = 125000;
  }
  if (/\/templates$/.test(path)) for (const template of json.templates as Json[]) template.quality_rating = "GREEN";
  return { status, type: "application/json; charset=utf-8", body: JSON.stringify(json) };
}

/** Starts the simulator and the proxy that makes it drift. */
export async function startDriftServer(): Promise<DriftServer> {
  const simulator = await startSimulator({});
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const headers: Record<string, string> = {};
      for (const name of ["x-api-key", "content-type", "accept"]) {
        const value = request.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      const body = Buffer.concat(chunks);
      const answer = await fetch(`http://127.0.0.1:${simulator.port}${request.url}`, {
        method: request.method!,
        headers,
        ...(body.length && { body }),
      });
      const path = new URL(request.url!, "http://local").pathname;
      const reply = drifted(path, answer.status, await answer.text());
      response.writeHead(reply.status, { "content-type": reply.type, "x-request-id": "req_7f3a9c" }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/public`,
    simulator,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
    },
  };
}
