// `npm run mock [-- --port N]`: the Prism mock of the bundled spec, for trying requests by hand. It prints how to
// call it and which `Prefer: example=<name>` each operation serves, and on Ctrl-C (SIGINT) or SIGTERM closes Prism,
// which runs in this very process, and exits 0: nothing is left listening on the port.
import { startPrismMock } from "../support/prism.js";
import { portOf, stopOnSignals, usage } from "./mock-guide.js";

const mock = await startPrismMock(undefined, portOf(process.argv.slice(2)));
console.log(usage(mock.url));
stopOnSignals(
  process,
  () => mock.close(),
  (line) => console.log(line),
);
