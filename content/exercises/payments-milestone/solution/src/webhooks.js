// @ts-check
import { createHmac } from 'node:crypto';

/**
 * @typedef {object} WebhookEvent
 * @property {string} id unique per event, e.g. 'evt_…'; receivers de-duplicate on it
 * @property {string} type e.g. 'charge.succeeded'
 * @property {number} created unix seconds
 * @property {unknown} data
 *
 * @typedef {{ schedule(delayMs: number, task: () => void): void }} Scheduler
 * @typedef {{ now(): number }} Clock milliseconds since the epoch
 * @typedef {(url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>} Send
 *
 * @typedef {object} WebhookSenderOptions
 * @property {string} secret shared with the receiver, used to sign every delivery
 * @property {Scheduler} scheduler runs retries later
 * @property {Clock} clock
 * @property {Send} send
 * @property {number} [maxAttempts] attempts per event and endpoint, the first one included (default 5)
 * @property {number} [baseDelayMs] delay before the first retry; doubles after each failure (default 1000)
 *
 * @typedef {{ eventId: string, url: string, attempts: number }} DeadLetter
 *
 * @typedef {object} WebhookSender
 * @property {(url: string) => { id: string, url: string }} addEndpoint
 * @property {(event: WebhookEvent) => void} enqueue delivers to every endpoint; returns at once
 * @property {() => DeadLetter[]} deadLetters deliveries that used up all their attempts
 */

/**
 * The signature a receiver recomputes to check that a delivery came from us and was not altered:
 * hex HMAC-SHA256, keyed with the secret, over `${timestamp}.${body}`.
 *
 * Signing the timestamp too means an attacker who captured one delivery cannot replay it next week:
 * the receiver rejects timestamps older than a few minutes.
 *
 * @param {string} secret
 * @param {number} timestamp unix seconds
 * @param {string} body the exact bytes sent
 * @returns {string}
 */
export function signPayload(secret, timestamp, body) {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * At-least-once delivery: a delivery is retried until the receiver answers 2xx or the attempts run out.
 * Receivers may therefore see an event twice (our retry after their 200 got lost); the stable event id
 * in the body and in the webhook-id header lets them ignore duplicates.
 *
 * @param {WebhookSenderOptions} options
 * @returns {WebhookSender}
 */
export function createWebhookSender({ secret, scheduler, clock, send, maxAttempts = 5, baseDelayMs = 1000 }) {
  /** @type {{ id: string, url: string }[]} */
  const endpoints = [];
  /** @type {Set<string>} */
  const seenEvents = new Set();
  /** @type {DeadLetter[]} */
  const dead = [];

  /**
   * One attempt to deliver `body` to `url`. Never rejects: every outcome is handled here, because
   * nobody awaits it (it runs after the API response, or from the scheduler).
   * @param {string} eventId
   * @param {string} url
   * @param {string} body serialized once, so every attempt sends identical bytes
   * @param {number} attempt 1 for the first try
   */
  async function deliver(eventId, url, body, attempt) {
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
      delivered = false; // refused, reset, timed out: all mean "try again later"
    }
    if (delivered) return;

    if (attempt >= maxAttempts) {
      dead.push({ eventId, url, attempts: attempt });
      return;
    }
    // Exponential backoff: a receiver that is down gets breathing room instead of a retry storm.
    // (In production, add jitter so thousands of retries do not arrive in the same instant.)
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
