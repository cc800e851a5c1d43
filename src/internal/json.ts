// Plain JSON values with bounds: a body is serialised once and read back, so that validation, the retry rule and the
// wire see the same value (own enumerable properties only, getters run once, toJSON applied), and nothing walked
// recursively may be nested deeper than a request or a delivery ever is.

/** Nesting a body, a query or a webhook delivery may have. Nexor's deepest documented body nests 4 levels. */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects and arrays no deeper than `max` levels. Recursion stops at `max`, so never overflows. */
export function withinDepth(value: unknown, max: number = MAX_JSON_DEPTH, depth = 0): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (depth >= max) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!withinDepth(item, max, depth + 1)) return false;
    return true;
  }
  for (const key in value) if (!withinDepth((value as Record<string, unknown>)[key], max, depth + 1)) return false;
  return true;
}

/** The body as it will be sent (`text`), and that text read back (`value`, when asked for), or why it cannot be sent. */
export type Snapshot = { text: string; value: unknown } | { problem: string };

/** Whether the JSON `text` nests no deeper than `max` levels, read without parsing; brackets in strings do not count. */
export function textWithinDepth(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92)
        index++; // a backslash escapes the next character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 || code === 123) {
      if (++depth > max) return false;
    } else if (code === 93 || code === 125) depth--;
  }
  return true;
}

/**
 * Serialises `body` once. Anything JSON.stringify throws on (a BigInt, a cycle, a throwing getter or toJSON, a Proxy
 * whose traps throw, nesting past the stack) and nesting past MAX_JSON_DEPTH become a problem to report.
 */
export function snapshot(body: unknown, readBack = true): Snapshot {
  let text: string | undefined;
  const unsendable = (why: string) => ({ problem: `body cannot be sent as JSON (${why})` });
  try {
    text = JSON.stringify(body);
  } catch (error) {
    return unsendable(error instanceof Error ? error.message : String(error));
  }
  if (text === undefined) return unsendable("it serialises to nothing");
  if (!textWithinDepth(text)) return { problem: `body nests deeper than ${MAX_JSON_DEPTH} levels` };
  return { text, value: readBack ? JSON.parse(text) : undefined };
}
