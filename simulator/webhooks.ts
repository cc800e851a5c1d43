// Outbound webhooks: each raised event POSTed to the configured URL in the documented envelope. A non-2xx answer (or
// no answer) is retried up to 3 times after the configured delays; every attempt carries a fresh delivery_id and the
// same event_id, which is what a receiver de-duplicates on.
import { randomUUID } from "node:crypto";
import type { RaisedEvent } from "./route.js";

/** Nexor's real backoff before retries 1, 2 and 3: 1, 5 and 30 minutes. */
export const NEXOR_RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000];
/** The default: Nexor's backoff scaled down 6,000 times (10, 50, 300 ms), so a test sees every retry quickly. */
export const DEFAULT_RETRY_DELAYS_MS = NEXOR_RETRY_DELAYS_MS.map((ms) => ms / 6000);

/** One attempt to deliver an event, as the simulator recorded it. */
export interface DeliveryAttempt {
  event_type: string;
  event_id: string;
  delivery_id: string;
  attempt: number;
  /** The receiver's status, or 0 when the request failed (refused, timed out). */
  status: number;
  at: string;
}

export interface WebhookSender {
  send(event: RaisedEvent): void;
  /** Every attempt so far, in order. */
  attempts: DeliveryAttempt[];
  /** Resolves when no delivery is pending or in flight. */
  idle(): Promise<void>;
  /** Cancels pending retries and waits for attempts in flight. */
  close(): Promise<void>;
}

export function webhookSender(options: {
  url: string | undefined;
  webhookId: string;
  clientId: string;
  delaysMs: number[];
  /** Per attempt, ms. */
  timeoutMs?: number;
  /** Whether a mode breaks delivery: "webhook-same-delivery-id" keeps the first attempt's delivery_id. */
  broken(mode: string): boolean;
}): WebhookSender {
  const attempts: DeliveryAttempt[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let waiters: Array<() => void> = [];
  let closed = false;
  const settle = () => {
    if (timers.size === 0 && inFlight.size === 0) {
      for (const resolve of waiters) resolve();
      waiters = [];
    }
  };

  async function attempt(event: RaisedEvent, eventId: string, timestamp: string, number: number, firstDeliveryId: string) {
    const deliveryId = number === 1 || options.broken("webhook-same-delivery-id") ? firstDeliveryId : randomUUID();
    const envelope = {
      event_type: event.event_type,
      event_id: eventId,
      webhook_id: options.webhookId,
      delivery_id: deliveryId,
      timestamp,
      client_id: options.clientId,
      test: false,
      data: event.data,
    };
    let status = 0;
    try {
      const response = await fetch(options.url!, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "nexor-simulator" },
        body: JSON.stringify(envelope),
        // A redirect is the receiver's answer, not a new destination: following it could carry a delivery off loopback.
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    }
    attempts.push({
      event_type: event.event_type,
      event_id: eventId,
      delivery_id: deliveryId,
      attempt: number,
      status,
      at: new Date().toISOString(),
    });
    const delay = options.delaysMs[number - 1];
    if ((status < 200 || status > 299) && delay !== undefined && !closed && !options.broken("webhook-no-retry")) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        track(attempt(event, eventId, timestamp, number + 1, firstDeliveryId));
      }, delay);
      timers.add(timer);
    }
  }

  function track(promise: Promise<void>) {
    inFlight.add(promise);
    void promise.finally(() => {
      inFlight.delete(promise);
      settle();
    });
  }

  return {
    attempts,
    send(event) {
      if (!options.url || closed) return;
      track(attempt(event, randomUUID(), new Date().toISOString(), 1, randomUUID()));
    },
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
      settle();
    },
  };
}
