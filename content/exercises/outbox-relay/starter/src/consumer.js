// @ts-check

/** @typedef {import('./db.js').Database} Database */
/** @typedef {import('./db.js').Transaction} Transaction */
/** @typedef {import('./broker.js').Message} Message */

/**
 * Wraps a message handler so that each message id is handled at most once, even though the broker
 * (and our own relay) deliver at least once.
 *
 * `handle(tx, message)` does the consumer's work inside the transaction it is given (for example
 * inserting a shipment). The wrapper records the message id in the `processed_messages` table
 * (row { id: message.id }) in that SAME transaction, so the work and the record commit together.
 *
 * @param {Database} db the consumer's own database
 * @param {(tx: Transaction, message: Message) => Promise<void>} handle
 * @returns {(message: Message) => Promise<'processed' | 'duplicate'>}
 *   resolves 'processed' when the handler ran and committed, 'duplicate' when the message had already
 *   been processed; rejects when the handler (or the database) failed, so the broker redelivers.
 */
export function createIdempotentConsumer(db, handle) {
  return async (message) => {
    // TODO: this handles every delivery, duplicates included: a redelivered order.placed ships the
    // order twice. Skip messages already in processed_messages, and record the id in the same
    // transaction as the work. Two deliveries of the same message can also arrive at the same time.
    await db.transaction((tx) => handle(tx, message));
    return 'processed';
  };
}
