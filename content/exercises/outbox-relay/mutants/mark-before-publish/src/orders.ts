import { appendToOutbox } from './outbox.ts';
import type { Database } from './db.ts';

export interface NewOrder {
  customerId: string;
  totalCents: number;
}

/**
 * Saves a new order and records the `order.placed` event for it.
 *
 * The orders row: { customerId, totalCents, status: 'placed' } (the database assigns the id).
 * The event: topic 'order.placed', aggregateId the order id, payload { orderId, customerId, totalCents }.
 *
 * @returns the new order's id
 */
export async function placeOrder(db: Database, { customerId, totalCents }: NewOrder): Promise<number> {
  // One transaction, two rows: the business change and the fact that it happened. They commit
  // together or not at all, so there is never an order without its event, nor an event about an
  // order that does not exist. Nothing here talks to the broker: that is the relay's job, later,
  // and a broker outage can no longer fail (or half-fail) an order.
  return db.transaction(async (tx) => {
    const order = await tx.insert('orders', { customerId, totalCents, status: 'placed' });
    const orderId = Number(order.id);
    await appendToOutbox(tx, {
      topic: 'order.placed',
      aggregateId: orderId,
      payload: { orderId, customerId, totalCents },
    });
    return orderId;
  });
}
