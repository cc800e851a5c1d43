// Reading a response into what errors keep of it, with the key redacted from the body and the headers.
import type { ResponseDetails } from "../errors.js";
import { textWithinDepth } from "./json.js";
import type { Redactor } from "./redact.js";

/**
 * The body as JSON when it parses, else the text itself; undefined when empty. With `maxDepth` (for the bodies errors
 * keep and redaction walks), a body nested deeper is kept as text and never parsed: parsing 100,000 levels costs 50 ms.
 */
export function parseBody(text: string | undefined, maxDepth?: number): unknown {
  if (!text) return undefined;
  if (maxDepth !== undefined && !textWithinDepth(text, maxDepth)) return text;
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
