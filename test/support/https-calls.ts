// Run as a child process by test/core/https.test.ts, with NODE_EXTRA_CA_CERTS naming the test certificate (a process
// reads it only at its start): calls a local https server through both transports and prints what each call gave, one
// JSON line, so the test judges a real TLS exchange without trusting any certificate in its own process.
import { call } from "./examples.js";
import { transports } from "./transports.js";

const [baseUrl] = process.argv.slice(2);
const results: Record<string, unknown> = {};
for (const { name, createNexorClient } of transports) {
  const nexor = createNexorClient({ apiKey: "nxr_live_https_test", baseUrl, maxRetries: 0 });
  try {
    results[name] = { tags: await nexor.tags.list(), sent: await nexor.messages.send(call) };
  } catch (error) {
    results[name] = { error: (error as Error).name, message: (error as Error).message };
  }
}
console.log(JSON.stringify(results));
