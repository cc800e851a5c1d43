// `npm run mock [-- --port N]`: the Prism mock of the bundled spec, for trying requests by hand. It prints how to
// call it and which `Prefer: example=<name>` each operation serves, and on Ctrl-C (SIGINT) or SIGTERM closes Prism,
// which runs in this very process, and exits 0: nothing is left listening on the port. The npm script starts node
// with `exec`, so that a signal npm forwards to its child reaches node itself and not a shell waiting on it.
import { type RunningMock, startPrismMock } from "../support/prism.js";
import { assertPortFree, portOf, refusal, stopOnSignals, usage } from "./mock-guide.js";

/**
 * How long a stop waits for Prism to close: a client holding a connection open (a request half sent) would hold
 * Prism's close for ever. Past it the process exits all the same, which closes every connection left.
 */
const CLOSE_GRACE_MS = 1_000;

let port: number | undefined;
let mock: RunningMock;
try {
  port = portOf(process.argv.slice(2));
  // Refused before Prism loads (a second or two); the listen below can still find it taken since, and says so too.
  await assertPortFree(port);
  mock = await startPrismMock(undefined, port);
} catch (error) {
  // A setting of the user's that cannot work (a --port that is not one, or is taken) is one line and exit 2.
  const line = refusal(error, port);
  if (line === undefined) throw error;
  console.error(`npm run mock: ${line}`);
  process.exit(2);
}
// The handlers are in place before the guide is printed: the guide says the mock is ready, and a signal sent on
// reading it (a supervisor, a test) must find them, not the default action, which ends node without a word.
// The grace timer is not unref'd: it is what holds the process until the stop prints its line and exits. Unref'd, a
// close that waits on no handle of its own (the listening socket already gone, the last connection destroyed) lets the
// event loop drain, and the process ends without a word.
stopOnSignals(
  process,
  () => Promise.race([mock.close().catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS))]),
  (line) => console.log(line),
);
console.log(usage(mock.url));
