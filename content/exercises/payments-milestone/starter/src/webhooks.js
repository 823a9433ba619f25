// @ts-check

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
 * @param {string} secret
 * @param {number} timestamp unix seconds
 * @param {string} body the exact bytes sent
 * @returns {string}
 */
export function signPayload(secret, timestamp, body) {
  // TODO: use createHmac from node:crypto.
  void secret;
  void timestamp;
  void body;
  throw new Error('TODO: signPayload is not implemented yet');
}

/**
 * @param {WebhookSenderOptions} options
 * @returns {WebhookSender}
 */
export function createWebhookSender({ secret, scheduler, clock, send, maxAttempts = 5, baseDelayMs = 1000 }) {
  /** @type {{ id: string, url: string }[]} */
  const endpoints = [];

  return {
    addEndpoint(url) {
      const endpoint = { id: `we_${endpoints.length + 1}`, url };
      endpoints.push(endpoint);
      return endpoint;
    },

    enqueue(event) {
      // TODO: today we fire once, unsigned, and forget. If the receiver is down for a second, the
      // merchant never learns the customer paid. Instead, for every endpoint:
      //   - send the same JSON body on every attempt, with headers
      //       webhook-id: <event id>
      //       webhook-signature: t=<unix seconds now>,v1=<signPayload(secret, t, body)>
      //   - a 2xx status is success; anything else, or a rejected send(), is a failure;
      //   - after failure n, scheduler.schedule(baseDelayMs * 2 ** (n - 1), retry), up to maxAttempts;
      //   - when attempts run out, record a dead letter.
      //   - an event id that was already enqueued is ignored.
      void secret;
      void scheduler;
      void clock;
      void maxAttempts;
      void baseDelayMs;
      const body = JSON.stringify(event);
      for (const endpoint of endpoints) {
        send(endpoint.url, body, {}).catch(() => {});
      }
    },

    deadLetters() {
      return [];
    },
  };
}
