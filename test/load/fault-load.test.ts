// The fault + load suite over the runtime's fetch: the client of the neutral entry, as browsers and edge runtimes send.
import { transports } from "../support/transports.js";
import { faultLoadSuite } from "./fault-load-suite.js";

faultLoadSuite(transports.find(({ name }) => name === "fetch")!);
