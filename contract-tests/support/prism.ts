// Starts a Prism mock of the bundled spec in this process, on a free loopback port. In process rather than as a child:
// no fixed port, no log-grepping for readiness, and nothing left behind when the test process exits.
// Prism's modules are imported on the first start, after the modules it does not need here are deferred
// (deferred-modules.ts): importing them statically would load those before any line of this file could run.
import { bundlePath } from "./bundle-path.js";
import { deferPrismModules } from "./deferred-modules.js";

export interface RunningMock {
  /** Base URL of the mock, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Prism with request validation, security checks and `errors: true`, so that a spec whose own example breaks its
 * schema answers 500 instead of serving it. It listens on loopback, on `port` (a free one when 0). Its logger stays
 * silent: at debug level Prism logs request headers, and with them the API key.
 */
export async function startPrismMock(specPath: string = bundlePath, port = 0): Promise<RunningMock> {
  deferPrismModules();
  const [{ createLogger }, { getHttpOperationsFromSpec }, { createServer }] = await Promise.all([
    import("@stoplight/prism-core"),
    import("@stoplight/prism-http"),
    import("@stoplight/prism-http-server"),
  ]);
  const operations = await getHttpOperationsFromSpec(specPath);
  const server = createServer(operations, {
    cors: false,
    components: { logger: createLogger("prism", { level: "silent" }) },
    config: {
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      errors: true,
      mock: { dynamic: false },
      isProxy: false,
      upstreamProxy: undefined,
    },
  });
  // Prism rejects a failed listen with the error's message alone ("listen EADDRINUSE: …"): its code is put back, so
  // that a caller can tell a port in use from a fault of the mock's.
  const url = await server.listen(port, "127.0.0.1").catch((reason: unknown) => {
    throw typeof reason === "string" ? Object.assign(new Error(reason), { code: /\b(E[A-Z]+)\b/.exec(reason)?.[1] }) : reason;
  });
  return { url, close: () => server.close() };
}
