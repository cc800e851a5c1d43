/**
 * Rebuilds dist/ (ESM and declarations of the client) from scratch, unless dist/ already holds the build of the same
 * sources, configs and compiler; says whether it compiled.
 */
export declare function build(): Promise<{ built: boolean }>;
