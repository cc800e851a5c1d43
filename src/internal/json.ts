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

/** The body as it will be sent (`text`), and that text read back (`value`), or why it cannot be sent. */
export type Snapshot = { text: string; value: unknown } | { problem: string };

/**
 * Serialises `body` once. Anything JSON.stringify throws on (a BigInt, a cycle, a throwing getter or toJSON, a Proxy
 * whose traps throw, nesting past the stack) and nesting past MAX_JSON_DEPTH become a problem to report.
 */
export function snapshot(body: unknown): Snapshot {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    return { problem: `body cannot be sent as JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (text === undefined) return { problem: "body cannot be sent as JSON (it serialises to nothing)" };
  const value: unknown = JSON.parse(text);
  if (!withinDepth(value)) return { problem: `body nests deeper than ${MAX_JSON_DEPTH} levels` };
  return { text, value };
}
