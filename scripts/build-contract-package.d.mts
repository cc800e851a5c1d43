/** Builds @nexor/contract and packs it into `destination`; resolves with the tarball's absolute path. */
export declare function buildContractPackage(destination: string): Promise<string>;
