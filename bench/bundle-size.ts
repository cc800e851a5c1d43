// Bundle size as an edge or browser bundler would ship it: esbuild, minified ESM for a neutral platform, gzipped.
// Shared by the size budget in `npm test` and by `npm run bench`.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Sizes of one bundle in bytes, and the minified bytes each input contributes. */
export interface BundleSize {
  minified: number;
  gzip: number;
  inputs: Record<string, number>;
}

/**
 * Bundles `source` (module text, resolved from the project root). platform "neutral" resolves no Node built-ins, so a
 * `node:` import anywhere in the client makes this throw: the same build proves the bundle is runtime-neutral.
 */
export async function bundleSize(source: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild wrote no output");
  const inputs = Object.fromEntries(
    Object.entries(Object.values(result.metafile.outputs)[0]?.inputs ?? {}).map(([file, { bytesInOutput }]) => [file, bytesInOutput]),
  );
  return { minified: output.contents.byteLength, gzip: gzipSync(output.contents, { level: 9 }).byteLength, inputs };
}

/** The client's public entry, everything exported. */
export const CLIENT_ENTRY = `export * from "./src/index.ts";`;

/** openapi-fetch alone, the client's one runtime dependency, for reference. */
export const OPENAPI_FETCH_ENTRY = `export { default } from "openapi-fetch";`;
