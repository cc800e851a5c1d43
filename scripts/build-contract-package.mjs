// Builds and packs @nexor/contract, the contract suite's command for other repos: `npx @nexor/contract@<version>`.
// esbuild bundles the live runner (contract-tests/cli/nexor-contract.ts) into one file with the bundled spec, the
// spec's source files (for the drift patches), Ajv, ajv-formats and json-schema-faker inlined, so the package has no dependencies and the client package
// (@nexor/api) gains none. Usage: node scripts/build-contract-package.mjs [--pack-destination <folder>]; it prints
// the tarball's path. `buildContractPackage(folder)` does the same for a script or a test's setup.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

const run = promisify(execFile);

// contract-tests/support/spec.ts reads the bundled spec from disk beside the repo's files; in the package it is inlined instead.
const specSource = 'export const spec = JSON.parse(readFileSync(bundlePath, "utf8")) as OpenApiDocument;';
const inlineSpec = {
  name: "inline-spec",
  setup(builder) {
    builder.onLoad({ filter: /contract-tests[\\/]support[\\/]spec\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      if (!source.includes(specSource)) throw new Error(`${path} no longer loads the spec with: ${specSource}`);
      const specPath = JSON.stringify(join(root, "generated/openapi.json"));
      return {
        contents: source.replace(
          specSource,
          `import bundledSpec from ${specPath} with { type: "json" };\nexport const spec = bundledSpec as OpenApiDocument;`,
        ),
        loader: "ts",
      };
    });
  },
};

// The drift patches name the spec's source files (openapi.yaml, spec/): in the package they are held inline, read
// through the same two functions as from the repository's root.
const inlineSpecFiles = {
  name: "inline-spec-files",
  setup(builder) {
    builder.onLoad({ filter: /contract-tests[\\/]support[\\/]drift[\\/]spec-files\.ts$/ }, async () => {
      const nested = (await readdir(join(root, "spec"), { recursive: true })).map((file) => `spec/${file.split("\\").join("/")}`);
      const files = {};
      for (const file of ["openapi.yaml", ...nested].filter((name) => name.endsWith(".yaml")).sort())
        files[file] = await readFile(join(root, file), "utf8");
      return {
        contents: [
          `const files = ${JSON.stringify(files)};`,
          'export const sourceRoot = "";',
          "export const readSpecFile = (path) => files[path];",
          'export const listSpecFolder = (folder) => Object.keys(files).filter((path) => path.slice(0, path.lastIndexOf("/")) === folder).map((path) => path.slice(folder.length + 1));',
        ].join("\n"),
        loader: "js",
      };
    });
  },
};

/** Builds @nexor/contract and packs it into `destination`; resolves with the tarball's absolute path. */
export async function buildContractPackage(destination) {
  const toolkit = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  await mkdir(destination, { recursive: true });
  const folder = await mkdtemp(join(tmpdir(), "nexor-contract-package-"));
  try {
    await mkdir(join(folder, "bin"));
    await build({
      entryPoints: [join(root, "contract-tests/cli/nexor-contract.ts")],
      outfile: join(folder, "bin/nexor-contract.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // Ajv and ajv-formats are CommonJS; their require calls need a require in an ES module.
      banner: { js: '#!/usr/bin/env node\nimport { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);' },
      plugins: [inlineSpec, inlineSpecFiles],
      legalComments: "eof",
      logLevel: "warning",
    });
    const manifest = {
      name: "@nexor/contract",
      version: toolkit.version,
      description: "Holds a server to the Nexor API contract: the contract suite of @nexor/api as one command, nexor-contract.",
      license: toolkit.license,
      type: "module",
      bin: { "nexor-contract": "bin/nexor-contract.mjs" },
      files: ["bin", "nexor-contract.yml"],
      engines: toolkit.engines,
      // Scoped packages are private by default: their first publish must declare public access.
      publishConfig: toolkit.publishConfig,
      // npm's provenance check compares it with the repository the release workflow runs in.
      ...(toolkit.repository && { repository: toolkit.repository }),
    };
    await writeFile(join(folder, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const readme = await readFile(join(root, "contract-tests/package/README.md"), "utf8");
    await writeFile(join(folder, "README.md"), readme.replaceAll("<version>", toolkit.version));
    await copyFile(join(root, "contract-tests/package/nexor-contract.yml"), join(folder, "nexor-contract.yml"));
    await copyFile(join(root, "LICENSE"), join(folder, "LICENSE"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", destination], { cwd: folder });
    return join(destination, JSON.parse(stdout)[0].filename);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const destinationFlag = process.argv.indexOf("--pack-destination");
  console.log(await buildContractPackage(destinationFlag > 0 ? process.argv[destinationFlag + 1] : process.cwd()));
}
