// `@nexor/api/openapi-fetch`: an openapi-fetch client over the same request core, for any path of the spec by its
// template, typed from the spec. It lives in its own entry so that the client, which has a method for every
// operation, does not carry openapi-fetch's bytes for those who never use it.
import createClient, { type Client, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { type ClientOptions, createCore } from "./client.js";
import { settle } from "./core/failure.js";
import { GENERIC_WORDS, RequestValidationError } from "./errors.js";
import { snapshot } from "./internal/json.js";
import { SAFE_METHODS } from "./internal/retry.js";
import type { paths } from "./types.js";

/**
 * An openapi-fetch client with this toolkit's key, deadline, retry and redirect rules. It resolves
 * `{ data, error, response }` and does not throw for HTTP errors. It knows no operation's policy, so it retries after a
 * failure that may hide a processed request only what merely reads (GET, HEAD, OPTIONS).
 */
export function createNexorApi(options: ClientOptions = {}): Client<paths> {
  const core = createCore(options);
  const serializeQuery = createQuerySerializer();
  return createClient<paths>({
    baseUrl: core.baseUrl,
    headers: options.headers,
    // As the client's own methods do: an id is percent-encoded into its segment, and `.`, `..` or an empty id, which a
    // URL resolves to another path, are refused before anything is sent.
    pathSerializer: (pathname, pathParams) => {
      for (const [name, value] of Object.entries(pathParams ?? {})) {
        if (value === "" || value === "." || value === "..") {
          throw new RequestValidationError([{ path: name, message: `${name} "${String(value)}" cannot be a path segment` }]);
        }
        if (!wellFormed(value))
          throw new RequestValidationError([{ path: name, message: `${name} is not well-formed Unicode (a lone surrogate)` }]);
      }
      return defaultPathSerializer(pathname, pathParams);
    },
    querySerializer: (query) => {
      try {
        return serializeQuery(query);
      } catch {
        throw new RequestValidationError([{ path: "query", message: "a query value is not well-formed Unicode (a lone surrogate)" }]);
      }
    },
    // Serialised once, with the same bounds as the client's own methods: what cannot be sent as JSON is refused here.
    bodySerializer: (body: unknown) => {
      const taken = snapshot(body);
      if ("problem" in taken)
        throw settle(new RequestValidationError([{ path: "", message: taken.problem }]), "before-sending", core.redactor, GENERIC_WORDS);
      return taken.text;
    },
    fetch: async (request: Request) => {
      const body = request.body === null ? undefined : await request.text();
      const { response, body: text } = await core.send(
        { method: request.method, url: new URL(request.url), headers: Object.fromEntries(request.headers), body },
        {
          signal: request.signal,
          timeoutMs: core.timeoutMs,
          maxRetries: core.maxRetries,
          idempotent: SAFE_METHODS.has(request.method),
          words: GENERIC_WORDS,
        },
      );
      const empty = response.status === 204 || response.status === 205 || response.status === 304;
      return new Response(empty ? null : text, { status: response.status, statusText: response.statusText, headers: response.headers });
    },
  });
}

/** Whether a path value can be percent-encoded: no lone surrogate in its text. */
function wellFormed(value: unknown): boolean {
  try {
    encodeURIComponent(String(value));
    return true;
  } catch {
    return false;
  }
}
