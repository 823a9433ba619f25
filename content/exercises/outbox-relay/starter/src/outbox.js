// @ts-check
import { randomUUID } from 'node:crypto';

/** @typedef {import('./db.js').Database} Database */
/** @typedef {import('./db.js').Transaction} Transaction */
/** @typedef {import('./broker.js').Broker} Broker */

/**
 * A row of the `outbox` table: one event waiting to be published.
 * @typedef {object} OutboxRow
 * @property {number} id             assigned by the database's sequence, in insert order
 * @property {string} eventId        unique per event; published as the message id
 * @property {string} topic          e.g. 'order.placed'
 * @property {string} aggregateId    the entity the event is about (the order id): published as the message key
 * @property {unknown} payload       the event body
 * @property {number | null} publishedAt  null until the broker has acknowledged the event
 */

/**
 * Adds an event to the outbox, inside the caller's transaction. Provided: you do not need to change it.
 * The event only becomes visible (to the relay, to anyone) when that transaction commits.
 *
 * @param {Transaction} tx
 * @param {{ topic: string, aggregateId: string | number, payload: unknown }} event
 * @returns {Promise<OutboxRow>}
 */
export async function appendToOutbox(tx, { topic, aggregateId, payload }) {
  const row = await tx.insert('outbox', {
    eventId: randomUUID(),
    topic,
    aggregateId: String(aggregateId),
    payload,
    publishedAt: null,
  });
  return /** @type {OutboxRow} */ (/** @type {unknown} */ (row));
}

/**
 * @typedef {object} RelayOptions
 * @property {Database} db
 * @property {Broker} broker
 * @property {number} [batchSize] at most this many rows per run (default 100)
 * @property {() => number} [now] the clock for publishedAt, in milliseconds (default Date.now)
 */

/**
 * @typedef {object} Relay
 * @property {() => Promise<number>} runOnce
 *   Publishes the oldest unpublished rows (up to batchSize) and resolves with how many it published.
 *   A real service calls it on a timer, every few hundred milliseconds.
 */

/**
 * Creates the relay that moves events from the outbox table to the broker.
 *
 * @param {RelayOptions} options
 * @returns {Relay}
 */
export function createRelay({ db, broker, batchSize = 100, now = Date.now }) {
  // This is the prototype a colleague left behind. It looks fine in a demo, and it loses events in
  // production. Replace it, following the README:
  //   - read committed, UNPUBLISHED rows (publishedAt === null), oldest first, at most batchSize;
  //   - publish one at a time, in order, and await the broker's ack;
  //   - mark a row (publishedAt = now()) only after its ack; a row that failed stays unpublished
  //     and is retried on the next run, without overtaking earlier events of the same aggregate;
  //   - a runOnce() called while a run is still going must not publish the same rows again.
  let lastId = 0;
  void now;

  return {
    async runOnce() {
      const rows = (await db.select('outbox', (row) => Number(row.id) > lastId)).slice(0, batchSize);
      for (const row of rows) {
        lastId = Number(row.id);
        const message = { id: String(row.eventId), key: String(row.aggregateId), payload: row.payload };
        broker.publish(String(row.topic), message).catch(() => {});
      }
      return rows.length;
    },
  };
}
