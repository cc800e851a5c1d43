/** The gate's verdict on a redocly diff report; see breaking.mjs. */
export declare function judge(input: {
  report: object;
  base: { label: string; version: string | undefined };
  head: { label: string; version: string | undefined };
  packageVersion: string;
}): { ok: boolean; lines: string[] };

/** Whether the working tree's spec files are byte for byte those of `commit` (none differs, none is untracked). */
export declare function specUnchanged(commit: string): Promise<boolean>;
