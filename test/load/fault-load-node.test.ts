// The fault + load suite over node:http's keep-alive agents: the client of the "node" export condition.
import { transports } from "../support/transports.js";
import { faultLoadSuite } from "./fault-load-suite.js";

faultLoadSuite(transports.find(({ name }) => name === "node:http")!);
