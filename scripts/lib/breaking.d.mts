/** The gate's verdict on a redocly diff report; see breaking.mjs. */
export declare function judge(input: {
  report: object;
  base: { label: string; version: string | undefined };
  head: { label: string; version: string | undefined };
  packageVersion: string;
}): { ok: boolean; lines: string[] };

/** Whether the working tree's spec files are byte for byte those of `commit` (none differs, none is untracked). */
export declare function specUnchanged(commit: string): Promise<boolean>;

/** The info.version generated/manifest.json records, when it was made from exactly these spec files; else undefined. */
export declare function recordedVersion(files: Array<[string, Uint8Array]>): Promise<string | undefined>;
