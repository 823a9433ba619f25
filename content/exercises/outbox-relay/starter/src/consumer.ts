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
    // TODO: this handles every delivery, duplicates included: a redelivered order.placed ships the
    // order twice. Skip messages already in processed_messages, and record the id in the same
    // transaction as the work. Two deliveries of the same message can also arrive at the same time:
    // the loser hits a UniqueViolationError (import it from './db.ts') for processed_messages.
    await db.transaction((tx) => handle(tx, message));
    return 'processed';
  };
}
