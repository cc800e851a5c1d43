/** The project's root folder and the committed generated/ folder. */
export declare const root: string;
export declare const generatedDir: string;
/** Every file of the contract (openapi.yaml, then spec/ sorted) as [relative path, bytes]. */
export declare function specFiles(): Promise<Array<[string, Uint8Array]>>;
/** The SHA-256 the manifest records for those files. */
export declare function specHash(files: Array<[string, Uint8Array]>): string;
/** Writes generated/ into `outDir`; resolves with the file names written. */
export declare function buildGenerated(outDir: string): Promise<string[]>;
