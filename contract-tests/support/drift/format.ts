// The drift list as the terminal prints it and as the markdown report (and so the step summary) shows it, under a
// "Drift" heading in both. Each entry: the operation, the place, how many answers carried it, an example (already
// redacted and cut), the change in a sentence and the patch that makes it.
import type { DriftEntry, DriftReport } from "./collect.js";

// What a server chose (a field's name in a place, an example) is shown with its control characters escaped, so that
// it can neither start a line of its own on the terminal nor end a markdown line early.
const shown = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

const what: Record<DriftEntry["kind"], string> = {
  status: "undocumented status",
  "content-type": "undocumented media type",
  header: "undocumented header",
  field: "undeclared field",
};

function headline(report: DriftReport): string {
  const listed = count(report.entries.length, "thing");
  const more = `${report.uncounted ? "more than " : ""}${report.unlisted}`;
  const unlisted = report.unlisted ? ` (and ${more} more not listed: the list stops at ${report.entries.length})` : "";
  return `${listed} the answers carried that the spec does not declare${unlisted}`;
}

/** The terminal's lines: empty when there is no drift. */
export function driftLines(report: DriftReport, failOnDrift: boolean): string[] {
  if (!report.entries.length && !report.unlisted) return [];
  const lines = [
    "",
    `Drift: ${headline(report)}. ${failOnDrift ? "--fail-on-drift makes it fail the run." : "Information only: it does not fail the run (--fail-on-drift would)."}`,
  ];
  for (const entry of report.entries) {
    lines.push(
      `  ${entry.operationId} ${entry.status}: ${what[entry.kind]} ${shown(entry.place)}, in ${count(entry.answers, "answer")}, e.g. ${shown(entry.example)}`,
      `    to declare it, ${shown(entry.change)}${entry.patch ? `: patch ${entry.file}` : " (the source of that node was not found: no patch)"}`,
      ...(entry.patch ?? "")
        .trimEnd()
        .split("\n")
        .filter(Boolean)
        .map((line) => `      ${line}`),
    );
  }
  return lines;
}

// A fence longer than any run of backticks inside, so that an example holding ``` cannot end the block early.
function fenced(language: string, text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

const code = (text: string) => {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${longest ? " " : ""}${text.replaceAll("\n", " ")}${longest ? " " : ""}${ticks}`;
};

/** The markdown section: a "Drift" heading and an entry with its patch per thing; empty when there is no drift. */
export function driftMarkdown(report: DriftReport): string {
  if (!report.entries.length && !report.unlisted) return "";
  const lines = [
    "### Drift",
    "",
    `${headline(report)}. Drift is information: each patch declares one entry in the spec's source (\`git apply\` at the repository's root, then \`npm run generate\`).`,
  ];
  for (const entry of report.entries) {
    lines.push(
      "",
      `**\`${entry.operationId}\` ${entry.status}, ${what[entry.kind]} ${code(shown(entry.place))}**: ${count(entry.answers, "answer")}, e.g. ${code(shown(entry.example))}. To declare it, ${shown(entry.change)}${entry.patch ? ` (\`${entry.file}\`):` : "; the source of that node was not found, so there is no patch."}`,
    );
    // Not indented under the item: the block is copied as it stands into `git apply`.
    if (entry.patch) lines.push("", fenced("diff", entry.patch.trimEnd()));
  }
  return `${lines.join("\n")}\n`;
}
