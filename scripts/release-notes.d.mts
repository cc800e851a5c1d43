/** The body of the `## <version>` section of a changelog; throws saying what is wrong when there is none to publish. */
export function releaseNotes(changelog: string, version: string): string;
