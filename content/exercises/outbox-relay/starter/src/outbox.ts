import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from './db.ts';
import type { Broker } from './broker.ts';

/** A row of the `outbox` table: one event waiting to be published. */
export interface OutboxRow {
  /** assigned by the database's sequence, in insert order */
  id: number;
  /** unique per event; published as the message id */
  eventId: string;
  /** e.g. 'order.placed' */
  topic: string;
  /** the entity the event is about (the order id): published as the message key */
  aggregateId: string;
  /** the event body */
  payload: unknown;
  /** null until the broker has acknowledged the event */
  publishedAt: number | null;
}

/**
 * Adds an event to the outbox, inside the caller's transaction. Provided: you do not need to change it.
 * The event only becomes visible (to the relay, to anyone) when that transaction commits.
 */
export async function appendToOutbox(tx: Transaction, { topic, aggregateId, payload }: { topic: string; aggregateId: string | number; payload: unknown }): Promise<OutboxRow> {
  const row = await tx.insert('outbox', {
    eventId: randomUUID(),
    topic,
    aggregateId: String(aggregateId),
    payload,
    publishedAt: null,
  });
  return row as unknown as OutboxRow;
}

export interface RelayOptions {
  db: Database;
  broker: Broker;
  /** at most this many rows per run (default 100) */
  batchSize?: number;
  /** the clock for publishedAt, in milliseconds (default Date.now) */
  now?: () => number;
}

export interface Relay {
  /**
   * Publishes the oldest unpublished rows (up to batchSize) and resolves with how many it published.
   * A real service calls it on a timer, every few hundred milliseconds.
   */
  runOnce(): Promise<number>;
}

/** Creates the relay that moves events from the outbox table to the broker. */
export function createRelay({ db, broker, batchSize = 100, now = Date.now }: RelayOptions): Relay {
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
      const rows = (await db.select('outbox', (row) => Number(row.id) > lastId)).slice(0, batchSize) as unknown as OutboxRow[];
      for (const row of rows) {
        lastId = row.id;
        broker.publish(row.topic, { id: row.eventId, key: row.aggregateId, payload: row.payload }).catch(() => {});
      }
      return rows.length;
    },
  };
}
