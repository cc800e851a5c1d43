// `node scripts/release-notes.mjs <version>`: prints the CHANGELOG.md section of that version, the release's notes.
// The release workflow publishes nothing when it fails: a version whose section is missing, still says
// "unreleased", or is empty has not been written up, and a release without its notes is not one to publish.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "./lib/build-generated.mjs";

/** The body of the `## <version>` section of a changelog; throws saying what is wrong when there is none to publish. */
export function releaseNotes(changelog, version) {
  const lines = changelog.split("\n");
  const escaped = version.replaceAll(".", "\\.");
  const start = lines.findIndex((line) => new RegExp(`^## \\[?v?${escaped}\\]?( |$)`).test(line));
  if (start < 0) throw new Error(`CHANGELOG.md has no "## ${version}" section: move the Unreleased entries under it`);
  if (/unreleased/i.test(lines[start]))
    throw new Error(`CHANGELOG.md's "${lines[start]}" still says unreleased: give it the release's date`);
  const end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join("\n")
    .trim();
  if (!body) throw new Error(`CHANGELOG.md's "## ${version}" section is empty`);
  return `${body}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const version = process.argv[2];
  if (!version) {
    console.error("usage: node scripts/release-notes.mjs <version>");
    process.exit(2);
  }
  try {
    process.stdout.write(releaseNotes(await readFile(join(root, "CHANGELOG.md"), "utf8"), version));
  } catch (error) {
    console.error(`release-notes: ${error.message}`);
    process.exit(1);
  }
}
