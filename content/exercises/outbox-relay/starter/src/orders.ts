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
  // TODO: the order and its event are written in two separate transactions. If the process dies, or
  // the database fails, between the two commits, the order exists and its event never will: the
  // warehouse never ships it. Write both in ONE transaction, so they commit together or not at all.
  const orderId = await db.transaction(async (tx) => {
    const order = await tx.insert('orders', { customerId, totalCents, status: 'placed' });
    return Number(order.id);
  });
  await db.transaction(async (tx) => {
    await appendToOutbox(tx, { topic: 'order.placed', aggregateId: orderId, payload: { orderId, customerId, totalCents } });
  });
  return orderId;
}
