// vitest globalSetup for the self-check: @nexor/contract, the packed command another repo's CI runs, built and packed
// once for every file that runs it (the consumer's workflow, the runs against hostile servers), not once per file.
// `npm test` builds it before its vitest runs and names the folder in NEXOR_CONTRACT_PACK_DIR, so that the publish
// dry run judges the very same tarball; run alone, the self-check builds it here. The tarball is unpacked beside it,
// so that a test can start its bin with node, as npx does once it has installed it.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { buildContractPackage } from "../../scripts/build-contract-package.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** The packed @nexor/contract tarball. */
    contractTarball: string;
    /** Its bin, bin/nexor-contract.mjs, unpacked from that tarball. */
    contractBin: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), "nexor-contract-packed-"));
  const packed = process.env.NEXOR_CONTRACT_PACK_DIR;
  const found = packed && (await readdir(packed)).find((file) => file.endsWith(".tgz"));
  const tarball = found ? resolve(packed, found) : await buildContractPackage(folder);
  await promisify(execFile)("tar", ["-xzf", tarball, "-C", folder]);
  project.provide("contractTarball", tarball);
  project.provide("contractBin", join(folder, "package/bin/nexor-contract.mjs"));
  return () => rm(folder, { recursive: true, force: true });
}
