/** Rebuilds dist/ (ESM and declarations of the client) from scratch. */
export declare function build(): Promise<void>;
