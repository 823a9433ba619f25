import { UniqueViolationError } from './db.ts';
import type { Database, Transaction } from './db.ts';
import type { Message } from './broker.ts';

/** What `consume(message)` resolves with: the handler ran and committed, or the message was handled before. */
export type ConsumeResult = 'processed' | 'duplicate';

/**
 * Wraps a message handler so that each message id is handled at most once, even though the broker
 * (and our own relay) deliver at least once.
 *
 * `handle(tx, message)` does the consumer's work inside the transaction it is given (for example
 * inserting a shipment). The wrapper records the message id in the `processed_messages` table
 * (row { id: message.id }) in that SAME transaction, so the work and the record commit together.
 *
 * @param db the consumer's own database
 * @returns a function that resolves 'processed' when the handler ran and committed, 'duplicate' when
 *   the message had already been processed, and rejects when the handler (or the database) failed, so
 *   that the broker redelivers.
 */
export function createIdempotentConsumer(db: Database, handle: (tx: Transaction, message: Message) => Promise<void>): (message: Message) => Promise<ConsumeResult> {
  return async (message) => {
    try {
      return await db.transaction(async (tx): Promise<ConsumeResult> => {
        // The common duplicate (a redelivery long after the first one) is caught by this read.
        if (await tx.get('processed_messages', message.id)) return 'duplicate';
        // The record and the work share the transaction: if the handler fails, the record rolls back
        // with it and the redelivery gets a real second chance. A record kept anywhere else (memory,
        // Redis, a separate transaction) can end up saying "done" about work that never committed.
        await tx.insert('processed_messages', { id: message.id });
        await handle(tx, message);
        return 'processed';
      });
    } catch (error) {
      // Two deliveries of the same message raced: both read "not processed", both did the work, and
      // the unique id let only one commit. The other one's work was rolled back: it is a duplicate.
      if (error instanceof UniqueViolationError && error.table === 'processed_messages') return 'duplicate';
      throw error;
    }
  };
}
