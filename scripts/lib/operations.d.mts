/** The TypeScript sources of generated/operations.ts and generated/methods.ts, from a bundled OpenAPI document. */
export declare function operationsSources(document: object): { "operations.ts": string; "methods.ts": string };
