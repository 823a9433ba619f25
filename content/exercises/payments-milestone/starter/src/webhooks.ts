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
 * hex HMAC-SHA256, keyed with the secret, over `${timestamp}.${body}`.
 *
 * @param timestamp unix seconds
 * @param body the exact bytes sent
 */
export function signPayload(secret: string, timestamp: number, body: string): string {
  // TODO: use createHmac from node:crypto.
  throw new Error(`TODO: signPayload is not implemented yet (${secret.length}, ${timestamp}, ${body.length})`);
}

export function createWebhookSender({ secret, scheduler, clock, send, maxAttempts = 5, baseDelayMs = 1000 }: WebhookSenderOptions): WebhookSender {
  const endpoints: { id: string, url: string }[] = [];

  return {
    addEndpoint(url) {
      const endpoint = { id: `we_${endpoints.length + 1}`, url };
      endpoints.push(endpoint);
      return endpoint;
    },

    enqueue(event) {
      // TODO: today this fires once, unsigned, and forgets. If the receiver is down for a second, the
      // merchant never learns that the customer paid. Instead, for every endpoint:
      //   - send the same JSON body on every attempt, with the headers
      //       webhook-id: <event id>
      //       webhook-signature: t=<unix seconds now>,v1=<signPayload(secret, t, body)>
      //   - a 2xx status is success; anything else, or a rejected send(), is a failure;
      //   - after failure n, scheduler.schedule(baseDelayMs * 2 ** (n - 1), retry), up to maxAttempts;
      //   - when the attempts run out, record a dead letter;
      //   - an event id that was already enqueued is ignored.
      // (secret, scheduler, clock, maxAttempts and baseDelayMs are the options you will need.)
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
