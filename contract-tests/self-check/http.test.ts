// The suite's one HTTP exchange: a read lost with its connection is sent once more, any other request exactly once.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { NoAnswerError, send } from "../support/http.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that destroys the connection of its first `resets` requests without a byte of answer, then answers 200. */
async function resettingServer(resets: number): Promise<{ url: string; received: () => number }> {
  let received = 0;
  server = createServer((request, response) => {
    received += 1;
    request.resume();
    if (received <= resets) request.socket.destroy();
    else response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, received: () => received };
}

describe("send", () => {
  it("sends a GET whose connection was reset once more, and reads the answer", async () => {
    const target = await resettingServer(1);
    const answer = await send({ method: "GET", url: target.url, headers: {} });
    expect(answer.status).toBe(200);
    expect(target.received()).toBe(2);
  });

  it("gives a GET up after a second reset: twice at most", async () => {
    const target = await resettingServer(5);
    await expect(send({ method: "GET", url: target.url, headers: {} })).rejects.toMatchObject({ kind: "reset" });
    expect(target.received()).toBe(2);
  });

  it("never sends a POST twice, even when its connection was reset before any answer", async () => {
    const target = await resettingServer(1);
    const sent = send({ method: "POST", url: target.url, headers: { "content-type": "application/json" }, body: "{}" });
    await expect(sent).rejects.toBeInstanceOf(NoAnswerError);
    await expect(sent).rejects.toMatchObject({ kind: "reset" });
    expect(target.received()).toBe(1);
  });
});

describe("send's deadline", () => {
  it("holds both attempts of a read to one timeout", async () => {
    let received = 0;
    server = createServer((request) => {
      received += 1;
      request.resume();
      // The first attempt waits 500 ms, then is reset; the second is never answered.
      if (received === 1) setTimeout(() => request.socket.destroy(), 500);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    const began = performance.now();
    await expect(send({ method: "GET", url, headers: {} }, 1_000)).rejects.toMatchObject({ kind: "no answer" });
    // One 1,000 ms timeout for both, not 500 ms + a fresh 1,000 ms (room left for a loaded machine's late timers).
    expect(performance.now() - began).toBeLessThan(1_450);
    expect(received).toBe(2);
    server.closeAllConnections();
  });
});
