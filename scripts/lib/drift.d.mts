/** Files of generated/ that differ from a fresh generation: stale, missing and extra. */
export interface Drift {
  stale: string[];
  missing: string[];
  extra: string[];
}
export declare function drift(expected: string[], freshDir: string, committedDir: string): Promise<Drift>;
export declare function describeDrift(drift: Drift): string[];
