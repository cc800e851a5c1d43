// The bench's server, run in its own process so that its work does not count against the client being measured: a
// keep-alive node:http server on loopback that reads each body and answers the documented call result.
import { createServer } from "node:http";

const body = JSON.stringify({
  success: true,
  channel: "call",
  message_id: null,
  call_id: "7c6b5a49-3d2e-4f1a-8b9c-0d1e2f3a4b5c",
  call_status: "registered",
});
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
