// Reading a response into what errors keep of it, with the key redacted from the body and the headers.
import type { ResponseDetails } from "../errors.js";
import type { Redactor } from "./redact.js";

/** The body as JSON when it parses, else the text itself; undefined when empty. */
export function parseBody(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Status, headers and the (already parsed) body of a response, redacted. */
export function responseDetails(response: Response, body: unknown, redactor: Redactor): ResponseDetails {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers: redactor.value(headers), body: redactor.value(body) };
}
