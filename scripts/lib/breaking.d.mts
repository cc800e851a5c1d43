/** The gate's verdict on a redocly diff report; see breaking.mjs. */
export declare function judge(input: {
  report: object;
  base: { label: string; version: string | undefined };
  head: { label: string; version: string | undefined };
  packageVersion: string;
}): { ok: boolean; lines: string[] };

/** Whether the working tree's spec files are byte for byte those of `commit` (none differs, none is untracked). */
export declare function specUnchanged(commit: string): Promise<boolean>;

/**
 * The info.version generated/manifest.json (or `manifestPath`) records, when it was made from exactly these spec files;
 * else, or when the manifest is missing or not JSON, undefined.
 */
export declare function recordedVersion(files: Array<[string, Uint8Array]>, manifestPath?: string): Promise<string | undefined>;
