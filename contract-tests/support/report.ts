// Turns failures into the text a person reads: which promise broke, the request (key redacted), the answer, and
// the place in the spec. It is the vitest assertion message, and what `npm run contract:live` prints.
import type { CheckFailure } from "./checks/types.js";

const indent = (lines: string[], label: string): string[] =>
  lines.map((line, index) => `  ${(index === 0 ? label : "").padEnd(10)}${line}`);

/** One failure as a block of lines. */
export function formatFailure(failure: CheckFailure): string {
  const { request, response } = failure;
  const lines = [
    `${failure.check}: ${failure.message}`,
    ...indent([failure.case], "case"),
    ...indent([`${request.method} ${request.url}`, ...request.headers, request.body ? `body ${request.body}` : "(no body)"], "request"),
    ...(response
      ? indent([`${response.status} ${response.contentType}`, response.body ? `body ${response.body}` : "(no body)"], "response")
      : []),
    ...indent(
      failure.schemaErrors.map((error) => `${error.schemaPath} at ${error.instancePath}: ${error.message}`),
      "schema",
    ),
    ...indent([failure.curl], "repeat"),
  ];
  return lines.join("\n");
}

/** Every failure of a case, with how to repeat the run. Empty when there are none. */
export function formatFailures(failures: CheckFailure[], seed: number): string {
  if (!failures.length) return "";
  const count = failures.length === 1 ? "1 broken promise" : `${failures.length} broken promises`;
  // The trailing newline keeps vitest's own "expected … to deeply equal" off the report's last line.
  return `${[`${count} (repeat with NEXOR_CONTRACT_SEED=${seed}):`, ...failures.map(formatFailure)].join("\n\n")}\n`;
}
