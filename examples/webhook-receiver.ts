// Receive Nexor's webhooks: read each delivery with parseWebhook, answer at once, and act on each event once.
// Nexor retries a delivery that gets no 2xx (after 1, 5 and 30 minutes) with the same event_id, so de-duplicate on
// it. Nexor signs deliveries but documents no signature scheme: put the URL behind something only Nexor knows
// (a secret path, an allow-list), since the payload itself cannot be verified.
//   npx tsx examples/webhook-receiver.ts   (then point the dashboard's webhook URL at it)
import { createServer } from "node:http";
import { InvalidWebhookError, parseWebhook } from "@nexor/api/webhooks";

/** The event ids already handled, oldest first, kept to a bound so a long-running receiver does not grow. */
const seen = new Set<string>();
const remember = (eventId: string) => {
  seen.add(eventId);
  if (seen.size > 10_000) seen.delete(seen.values().next().value as string);
};

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    let event: ReturnType<typeof parseWebhook>;
    try {
      event = parseWebhook(Buffer.concat(chunks));
    } catch (error) {
      // Not a delivery Nexor documents: say so, and do not ask for a retry of something that will never parse.
      response.writeHead(error instanceof InvalidWebhookError ? 400 : 500).end();
      console.error(String(error));
      return;
    }
    response.writeHead(204).end(); // acknowledge first; the work below must not make Nexor wait
    if (event.event_id && seen.has(event.event_id)) return console.log(`duplicate ${event.event_type} ${event.event_id}`);
    if (event.event_id) remember(event.event_id);
    if (!event.known) return console.log(`unhandled event ${event.event_type}`);
    switch (event.event_type) {
      case "meeting.scheduled":
      case "meeting.confirmed":
        console.log(`${event.event_type}: ${event.data?.meeting?.title} at ${event.data?.meeting?.starts_at}`);
        break;
      case "meeting.no_show":
        console.log(`no-show: ${event.data?.lead?.first_name} missed ${event.data?.meeting?.title}`);
        break;
      default:
        console.log(`${event.event_type} ${event.event_id}`);
    }
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening on http://127.0.0.1:${typeof address === "object" && address ? address.port : "?"}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
