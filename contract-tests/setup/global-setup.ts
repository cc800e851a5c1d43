// vitest globalSetup for the contract project: starts the Prism mock once for every contract test file, hands its
// URL to the tests through `inject("baseUrl")`, and always closes it when the run ends.
import type { TestProject } from "vitest/node";
import { startPrismMock } from "../support/prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startPrismMock();
  project.provide("baseUrl", mock.url);
  return () => mock.close();
}
