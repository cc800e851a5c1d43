// The simulator's HTTP server: the API under /api/public on 127.0.0.1, the key checked on every request, each request
// routed to its rule, every write recorded, and the broken modes applied to what goes in and out.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ActiveMode, covers, MODES, parseBreaks, type Wire } from "./modes.js";
import type { Call, RaisedEvent, Route, ValidationOrder } from "./route.js";
import { routes } from "./routes.js";
import { ApiError } from "./rules/check.js";
import { type Account, cloneAccount, type Seed, seedAccount, snapshot } from "./state.js";
import { DEFAULT_RETRY_DELAYS_MS, type DeliveryAttempt, webhookSender } from "./webhooks.js";

/** Start options. Every one is optional. */
export interface SimulatorOptions {
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The API key the simulator accepts. Default: a fresh `nxr_live_sim_…` key. */
  apiKey?: string;
  /** Whether a request's body is validated before its path ids are looked up (400 before 404), or after. Default body-first. */
  validationOrder?: ValidationOrder;
  /** The shape of GET /leads/{id}: the API reference's `{success, lead, variables}` (default) or the guide's bare lead. */
  leadShape?: "api-ref" | "guide";
  /** Where webhooks are POSTed; none are sent without it. */
  webhookUrl?: string;
  /** The waits before retries 1, 2 and 3, in ms. Default 10, 50, 300: Nexor's 1, 5 and 30 minutes scaled down 6,000 times. */
  webhookRetryDelaysMs?: number[];
  /** Broken modes: "name" for every operation, "name:op1,op2" for those operations only. */
  breaks?: string[];
}

/** One request that changed the account. */
export interface WriteRecord {
  operation: string;
  method: string;
  path: string;
  status: number;
  at: string;
}

export interface Simulator {
  /** e.g. `http://127.0.0.1:41234/api/public` */
  baseUrl: string;
  port: number;
  apiKey: string;
  seed: Seed;
  /** Every request that changed the account, in order. */
  writes: WriteRecord[];
  /** Every webhook delivery attempt, in order. */
  deliveries: DeliveryAttempt[];
  /** A deep, plain-JSON copy of the whole account. */
  state(): Record<string, unknown>;
  /** Puts the account back as it was seeded (same ids) and clears `writes` and `deliveries`. */
  reset(): void;
  /** Resolves once every webhook delivery (retries included) has finished. */
  webhooksIdle(): Promise<void>;
  /** Stops: closes open connections and cancels pending webhook retries. */
  close(): Promise<void>;
}

/** The names of the 38 operations the simulator serves. */
export const operationNames = routes.map((route) => route.operation);

const PREFIX = "/api/public";
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const JSON_TYPE = "application/json; charset=utf-8";

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
  literal: number;
}

// Literal segments first: PUT /leads/tags must not be read as PUT /leads/:id with id "tags".
const compiled: Compiled[] = routes
  .map((route) => {
    const names: string[] = [];
    const segments = route.path.split("/").filter(Boolean);
    const source = segments.map((segment) => {
      if (!segment.startsWith(":")) return segment.replace(/[-.]/g, "\\$&");
      names.push(segment.slice(1));
      return "([^/]+)";
    });
    return { route, pattern: new RegExp(`^/${source.join("/")}/?$`), names, literal: segments.filter((s) => !s.startsWith(":")).length };
  })
  .sort((a, b) => b.literal - a.literal);

/** Checks the options; throws an Error whose message is one line naming the option. */
export function checkOptions(options: SimulatorOptions): void {
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    throw new Error(`port must be an integer from 0 to 65535, not ${options.port}`);
  }
  if (options.apiKey !== undefined && !/^nxr_live_[\x21-\x7e]+$/.test(options.apiKey)) {
    throw new Error(
      "apiKey must start with nxr_live_ and hold only printable characters without spaces (Nexor keys are prefixed nxr_live_)",
    );
  }
  if (options.validationOrder !== undefined && !["body-first", "ids-first"].includes(options.validationOrder)) {
    throw new Error(`validationOrder must be body-first or ids-first, not ${options.validationOrder}`);
  }
  if (options.leadShape !== undefined && !["api-ref", "guide"].includes(options.leadShape)) {
    throw new Error(`leadShape must be api-ref or guide, not ${options.leadShape}`);
  }
  if (options.webhookUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(options.webhookUrl);
    } catch {}
    if (!url || !["http:", "https:"].includes(url.protocol))
      throw new Error(`webhookUrl must be an http(s) URL, not ${options.webhookUrl}`);
    // The simulator is a stand-in on this machine: its deliveries go to a receiver on loopback and nowhere else, so a
    // test can never POST a lead's data to a host on the network.
    if (!/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname))
      throw new Error(`webhookUrl must be on loopback (localhost, 127.0.0.1 or [::1]), not ${url.hostname}`);
  }
  const delays = options.webhookRetryDelaysMs;
  if (delays !== undefined && (!Array.isArray(delays) || delays.length > 3 || !delays.every((ms) => Number.isFinite(ms) && ms >= 0))) {
    throw new Error("webhookRetryDelaysMs must be at most 3 non-negative numbers of ms");
  }
  parseBreaks(options.breaks ?? [], operationNames);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, { error: "Payload too large", message: `the body exceeds ${MAX_BODY_BYTES} bytes` }));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Starts a simulator on 127.0.0.1. Rejects with a one-line Error for an option it refuses. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  checkOptions(options);
  const apiKey = options.apiKey ?? `nxr_live_sim_${randomBytes(12).toString("hex")}`;
  const order = options.validationOrder ?? "body-first";
  const leadShape = options.leadShape ?? "api-ref";
  const active: ActiveMode[] = parseBreaks(options.breaks ?? [], operationNames);
  const on = (name: string, operation?: string) => active.some((one) => one.mode.name === name && (!operation || covers(one, operation)));
  const started = seedAccount(new Date().toISOString());
  const seeded = cloneAccount(started.account);
  let account: Account = started.account;
  const writes: WriteRecord[] = [];
  const webhooks = webhookSender({
    url: options.webhookUrl,
    webhookId: randomUUID(),
    clientId: account.client_id,
    delaysMs: options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    broken: (name) => on(name),
  });

  const send = (response: ServerResponse, wire: Wire) => {
    response.writeHead(wire.status, { ...wire.headers, "content-length": Buffer.byteLength(wire.body) });
    response.end(wire.body);
  };
  const json = (status: number, body: unknown): Wire => ({ status, headers: { "content-type": JSON_TYPE }, body: JSON.stringify(body) });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const method = request.method ?? "GET";
    if (!url.pathname.startsWith(`${PREFIX}/`))
      return send(response, json(404, { error: "Not found", message: `The API is served under ${PREFIX}` }));
    const path = url.pathname.slice(PREFIX.length);
    let match: { compiled: Compiled; values: RegExpExecArray } | undefined;
    let allowed: string[] = [];
    for (const candidate of compiled) {
      const values = candidate.pattern.exec(path);
      if (!values) continue;
      if (candidate.route.method === method) {
        match = { compiled: candidate, values };
        break;
      }
      allowed.push(candidate.route.method);
    }
    const operation = match?.compiled.route.operation ?? "";
    const applying = active.filter((one) => covers(one, operation));
    const sentKey = request.headers["x-api-key"] as string | undefined;
    const key = applying.reduce<string | undefined>(
      (heard, one) => (one.mode.hear ? one.mode.hear(heard, apiKey, method) : heard),
      sentKey,
    );
    const context = {
      key: sentKey,
      operation,
      accepted: match?.compiled.route.accepted ?? { status: 200, body: { success: true } },
      refusal: match?.compiled.route.refusal ?? 404,
    };
    const rewrite = (wire: Wire) => applying.reduce((out, one) => (one.mode.answer ? one.mode.answer(out, context) : out), wire);
    const finish = (wire: Wire) => send(response, rewrite(wire));

    // The key first, on every request, before routing: missing and invalid have their own documented bodies.
    if (!key) return finish(json(401, { error: "Missing API key", message: "Please provide your API key in the X-API-Key header" }));
    if (key !== apiKey) return finish(json(401, { error: "Invalid API key", message: "The provided API key is not valid" }));
    if (!match) {
      allowed = [...new Set(allowed)];
      if (allowed.length) {
        response.setHeader("allow", allowed.join(", "));
        return finish(json(405, { error: "Method not allowed", message: `${method} is not allowed here; allowed: ${allowed.join(", ")}` }));
      }
      // Undocumented paths: 404; a documented path with another method: 405 with Allow (above).
      return finish(json(404, { error: "Not found", message: `No operation at ${method} ${PREFIX}${path}` }));
    }

    let raw: string;
    try {
      raw = await readBody(request);
    } catch (error) {
      if (error instanceof ApiError) return finish(json(error.status, error.body));
      throw error;
    }
    let body: unknown;
    if (raw.trim() !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        return finish(json(400, { error: "Validation error", message: "the body is not valid JSON" }));
      }
    }

    const rollback = applying.some((one) => one.mode.rollback);
    const before = rollback ? cloneAccount(account) : undefined;
    let wrote = false;
    const events: RaisedEvent[] = [];
    const params = Object.fromEntries(match.compiled.names.map((name, index) => [name, decodeURIComponent(match.values[index + 1] ?? "")]));
    const call: Call = {
      method,
      params,
      query: url.searchParams,
      body,
      account,
      now: new Date().toISOString(),
      leadShape,
      write: () => {
        wrote = true;
      },
      broken: (name) => on(name, operation),
      emit: (event) => {
        events.push(event);
      },
    };
    let wire: Wire;
    try {
      const answer = match.compiled.route.run(call, order);
      wire = json(answer.status, answer.body);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      wire = json(error.status, error.body);
    }
    const out = rewrite(wire);
    // A mode that answers failure leaves the account as it found it: no write, no webhook.
    if (before && (out.status < 200 || out.status > 299)) account = before;
    else {
      if (wrote) writes.push({ operation, method, path: url.pathname, status: out.status, at: call.now });
      for (const event of events) webhooks.send(event);
    }
    send(response, out);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A rule that throws something else is a simulator bug: answer 500, and say so on stderr.
      process.stderr.write(`nexor-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!response.headersSent)
        send(response, json(500, { error: "Internal server error", message: "the simulator failed; see its stderr" }));
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}${PREFIX}`,
    port,
    apiKey,
    seed: started.seed,
    writes,
    deliveries: webhooks.attempts,
    state: () => snapshot(account),
    reset() {
      account = cloneAccount(seeded);
      writes.length = 0;
      webhooks.attempts.length = 0;
    },
    webhooksIdle: () => webhooks.idle(),
    async close() {
      await webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The broken modes, each with the promise it breaks. */
export const modes = MODES.map(({ name, breaks }) => ({ name, breaks }));
