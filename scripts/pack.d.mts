/** Builds and packs the package into `destination` (default .pack/); resolves with the tarball's absolute path. */
export declare function pack(destination?: string): Promise<string>;
