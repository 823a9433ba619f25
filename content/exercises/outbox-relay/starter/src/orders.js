// @ts-check
import { appendToOutbox } from './outbox.js';

/** @typedef {import('./db.js').Database} Database */

/**
 * @typedef {object} NewOrder
 * @property {string} customerId
 * @property {number} totalCents
 */

/**
 * Saves a new order and records the `order.placed` event for it.
 *
 * The orders row: { customerId, totalCents, status: 'placed' } (the database assigns the id).
 * The event: topic 'order.placed', aggregateId the order id, payload { orderId, customerId, totalCents }.
 *
 * @param {Database} db
 * @param {NewOrder} order
 * @returns {Promise<number>} the new order's id
 */
export async function placeOrder(db, { customerId, totalCents }) {
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
