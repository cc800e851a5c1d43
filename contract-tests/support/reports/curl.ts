// A request as a `curl` command a person can paste into a shell to reproduce a failure by hand. The key is written
// as `$NEXOR_API_KEY`, read from their own environment; every other value is redacted first and single-quoted.
import type { OutgoingRequest } from "../http.js";
import { redact } from "../redact.js";

// A shell word in single quotes: each `'` closes the quote, adds an escaped quote, and opens it again.
const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * The curl command of `request`. `secrets[0]` is the run's key: its header becomes `"x-api-key: $NEXOR_API_KEY"`.
 * Any other key (an auth case's random invalid key) is written as a fixed invalid one, which reproduces the case.
 */
export function curlOf(request: OutgoingRequest, secrets: readonly string[]): string {
  const parts = ["curl -sS -i", ...(request.method === "GET" ? [] : ["-X", request.method]), quoted(redact(request.url, secrets))];
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== "x-api-key") parts.push("-H", quoted(`${name}: ${redact(value, secrets)}`));
    else parts.push("-H", value === secrets[0] ? `"${name}: $NEXOR_API_KEY"` : quoted(`${name}: nxr_invalid_key_for_this_case`));
  }
  if (request.body !== undefined) parts.push("--data-raw", quoted(redact(request.body, secrets)));
  return parts.join(" ");
}
