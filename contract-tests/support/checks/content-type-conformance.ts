import { mediaMatches, mediaType } from "./body.js";
import { failure } from "./failure.js";
import type { Check } from "./types.js";

/** A documented body comes with a Content-Type that parses and is one the contract lists for that status. */
export const contentTypeConformance: Check = (exchange) => {
  const ranges = Object.keys(exchange.documented?.response.content ?? {});
  if (!ranges.length) return "not applicable";
  const header = exchange.response.headers["content-type"];
  const type = mediaType(header);
  if (type && ranges.some((range) => mediaMatches(range, type))) return "passed";
  const served = header === undefined ? "without a Content-Type" : `as ${header}`;
  return failure(
    exchange,
    "content_type_conformance",
    `the ${exchange.response.status} body is served ${served}; the contract documents ${ranges.join(", ")} for ${exchange.documented!.key}`,
  );
};
