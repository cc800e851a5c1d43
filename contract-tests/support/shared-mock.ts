// The Prism mock a suite runs against: the one `npm test` started for the whole run when it names it in
// NEXOR_TEST_MOCK_URL, or one of the caller's own. Loading Prism's modules and reading the spec into its operations
// cost about 1 s of CPU in every process that starts a mock (with the modules it never uses here deferred), and Prism
// keeps no state between requests, so one mock serves every suite of a run alike.
// Prism is imported only when a mock of one's own is needed.
import type { RunningMock } from "./prism.js";

/** The variable `npm test` sets to the URL of the mock it started. */
export const SHARED_MOCK_VARIABLE = "NEXOR_TEST_MOCK_URL";

/**
 * The shared mock's URL from `env`, or undefined when none is named. Only a loopback HTTP origin is accepted: the
 * suites that read it send their fixed fake keys there, and must never reach another host whatever the environment.
 */
export function sharedMockUrl(env: Record<string, string | undefined>): string | undefined {
  const text = env[SHARED_MOCK_VARIABLE];
  if (!text) return undefined;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== "http:" || url.hostname !== "127.0.0.1" || url.pathname !== "/" || url.search || url.username)
    throw new Error(
      `${SHARED_MOCK_VARIABLE} must be a loopback origin such as http://127.0.0.1:4010, not "${text}": unset it to start a mock of your own.`,
    );
  return url.origin;
}

/** The shared mock (closing it is left to whoever started it), or a new one of the bundled spec on a free port. */
export async function prismMock(): Promise<RunningMock> {
  const shared = sharedMockUrl(process.env);
  if (shared) return { url: shared, close: async () => undefined };
  const { startPrismMock } = await import("./prism.js");
  return startPrismMock();
}
