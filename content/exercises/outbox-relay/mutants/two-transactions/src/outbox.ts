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
  /** the run in progress, if any */
  let running: Promise<number> | null = null;

  async function relayBatch(): Promise<number> {
    // Select by state (publishedAt IS NULL), never "ids above the last one I published": ids are
    // handed out at insert time but become visible at commit time, so a row with a lower id can
    // appear after we have already published a higher one. A high-water mark would skip it forever.
    const pending = await db.select('outbox', (row) => row.publishedAt === null);
    const rows = pending.slice(0, batchSize) as unknown as OutboxRow[];

    let published = 0;
    for (const row of rows) {
      try {
        // One at a time, in id order, waiting for each ack: that is what keeps the events of one
        // aggregate in the order they were written.
        await broker.publish(row.topic, { id: row.eventId, key: row.aggregateId, payload: row.payload });
      } catch {
        // Not acknowledged: maybe stored, maybe not. Leave it unpublished so the next run retries it
        // (at-least-once), and stop here, so that no later event of the same order overtakes it.
        // (Skipping only the rows of the same aggregateId and carrying on with the others would also be
        // correct, and keeps one poison message from blocking everybody.)
        break;
      }
      // Mark only after the ack. If we crash (or this update fails) right here, the row is published
      // again next time: a duplicate, which consumers de-duplicate by message id. Marking BEFORE
      // publishing would turn the same crash into a lost event, which nobody can repair.
      await db.transaction((tx) => tx.update('outbox', row.id, { publishedAt: now() }));
      published++;
    }
    return published;
  }

  return {
    runOnce() {
      // A timer can fire while a slow run is still publishing. Two runs reading the same unpublished
      // rows would publish them twice (and could interleave their order), so a call made during a run
      // joins that run. With several relay processes you need the database to arbitrate instead:
      // SELECT … FOR UPDATE SKIP LOCKED, or one leader holding an advisory lock.
      running ??= relayBatch().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
