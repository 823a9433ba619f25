// mutant: gives up silently when send() rejects (refused, timed out) instead of retrying; breaks the rule that a rejected send() is a failure like a non-2xx status
import { createHmac } from 'node:crypto';

export interface WebhookEvent {
  /** unique per event, e.g. 'evt_…'; receivers de-duplicate on it */
  id: string;
  /** e.g. 'charge.succeeded' */
  type: string;
  /** unix seconds */
  created: number;
  data: unknown;
}

export interface Scheduler {
  schedule(delayMs: number, task: () => void): void;
}

/** now() is milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

export type Send = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>;

export interface WebhookSenderOptions {
  /** shared with the receiver, used to sign every delivery */
  secret: string;
  /** runs retries later */
  scheduler: Scheduler;
  clock: Clock;
  send: Send;
  /** attempts per event and endpoint, the first one included (default 5) */
  maxAttempts?: number;
  /** delay before the first retry; doubles after each failure (default 1000) */
  baseDelayMs?: number;
}

export interface DeadLetter {
  eventId: string;
  url: string;
  attempts: number;
}

export interface WebhookSender {
  addEndpoint(url: string): { id: string, url: string };
  /** Delivers to every endpoint in the background; returns at once. */
  enqueue(event: WebhookEvent): void;
  /** Deliveries that used up all their attempts. */
  deadLetters(): DeadLetter[];
}

/**
 * The signature a receiver recomputes to check that a delivery came from us and was not altered:
 * hex HMAC-SHA256, keyed with the secret, over `${timestamp}.${body}`. Signing the timestamp too means
 * that someone who captured one delivery cannot replay it next week: receivers reject old timestamps.
 *
 * @param timestamp unix seconds
 * @param body the exact bytes sent
 */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * At-least-once delivery: a delivery is retried until the receiver answers 2xx or the attempts run out.
 * Receivers may therefore see an event twice (a retry after their 200 got lost); the stable event id in
 * the body and in the webhook-id header lets them ignore duplicates.
 */
export function createWebhookSender({ secret, scheduler, clock, send, maxAttempts = 5, baseDelayMs = 1000 }: WebhookSenderOptions): WebhookSender {
  const endpoints: { id: string, url: string }[] = [];
  const seenEvents = new Set<string>();
  const dead: DeadLetter[] = [];

  /**
   * One attempt to deliver `body` to `url`. Never rejects: every outcome is handled here, because nobody
   * awaits it (it runs after the API response, or from the scheduler).
   * @param body serialized once, so that every attempt sends identical bytes
   * @param attempt 1 for the first try
   */
  async function deliver(eventId: string, url: string, body: string, attempt: number): Promise<void> {
    // A fresh timestamp per attempt: a retry an hour later must not look like a stale replay.
    const timestamp = Math.floor(clock.now() / 1000);
    const headers = {
      'webhook-id': eventId,
      'webhook-signature': `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`,
    };

    let delivered = false;
    try {
      const { status } = await send(url, body, headers);
      delivered = status >= 200 && status < 300;
    } catch {
      return; // the receiver is unreachable: nothing to do
    }
    if (delivered) return;

    if (attempt >= maxAttempts) {
      dead.push({ eventId, url, attempts: attempt });
      return;
    }
    // Exponential backoff: a receiver that is down gets breathing room instead of a retry storm.
    // (Production adds jitter, so that thousands of retries do not arrive in the same instant.)
    const delayMs = baseDelayMs * 2 ** (attempt - 1);
    scheduler.schedule(delayMs, () => void deliver(eventId, url, body, attempt + 1));
  }

  return {
    addEndpoint(url) {
      const endpoint = { id: `we_${endpoints.length + 1}`, url };
      endpoints.push(endpoint);
      return endpoint;
    },

    enqueue(event) {
      if (seenEvents.has(event.id)) return; // one event, one series of deliveries
      seenEvents.add(event.id);
      const body = JSON.stringify(event);
      for (const endpoint of endpoints) {
        void deliver(event.id, endpoint.url, body, 1);
      }
    },

    deadLetters() {
      return dead.map((letter) => ({ ...letter }));
    },
  };
}
