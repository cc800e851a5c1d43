// Preloaded (`node --import`) into a runner the hostile-server test starts: on exit it writes the process's peak
// resident memory to stderr, as `max-rss-kb <n>`, for the test to hold against its bound.
import { writeSync } from "node:fs";

process.on("exit", () => writeSync(2, `\nmax-rss-kb ${process.resourceUsage().maxRSS}\n`));
