import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDatabase } from '../src/db.ts';
import { createBroker } from '../src/broker.ts';
import { placeOrder } from '../src/orders.ts';
import { createRelay } from '../src/outbox.ts';

test('placeOrder saves the order and its order.placed event, committed together', { timeout: 10_000 }, async () => {
  const db = createDatabase();
  const orderId = await placeOrder(db, { customerId: 'c-17', totalCents: 4599 });

  const orders = await db.select('orders');
  assert.equal(orders.length, 1, 'exactly one order should be saved');
  const [order] = orders;
  assert.equal(order!.id, orderId, 'placeOrder should resolve with the new order\'s id');
  assert.equal(order!.customerId, 'c-17', 'the order should be saved with its customer');
  assert.equal(order!.totalCents, 4599, 'the order should be saved with its total');
  assert.equal(order!.status, 'placed', 'the order should be saved with status "placed"');

  const outbox = await db.select('outbox');
  assert.equal(outbox.length, 1, 'exactly one event should be in the outbox');
  const [event] = outbox;
  assert.equal(event!.topic, 'order.placed', 'the event topic should be order.placed');
  assert.equal(event!.aggregateId, String(orderId), 'the event should be keyed by the order id');
  assert.deepEqual(event!.payload, { orderId, customerId: 'c-17', totalCents: 4599 }, 'the event payload should describe the order');
  assert.equal(event!.publishedAt, null, 'a new event is not published yet: that is the relay\'s job');
  assert.equal(db.stats.commits, 1, `the order and its event should be written in ONE transaction (one commit), got ${db.stats.commits} commits`);
});

test('when any part fails, neither the order nor its event is saved, and nothing is ever published', { timeout: 10_000 }, async () => {
  const db = createDatabase();
  const broker = createBroker();
  const relay = createRelay({ db, broker });

  db.failNext({ op: 'insert', table: 'outbox' });
  await assert.rejects(placeOrder(db, { customerId: 'c-1', totalCents: 1000 }), 'placeOrder should reject when the outbox row cannot be written');
  assert.equal((await db.select('orders')).length, 0, 'an order whose event could not be recorded must not be saved: nobody downstream would ever hear of it');

  db.failNext({ op: 'commit' });
  await assert.rejects(placeOrder(db, { customerId: 'c-2', totalCents: 2000 }), 'placeOrder should reject when the commit fails');
  assert.equal((await db.select('orders')).length, 0, 'after a failed commit there should be no order');
  assert.equal((await db.select('outbox')).length, 0, 'after a failed commit there should be no event either');

  await relay.runOnce();
  assert.equal(broker.attempts, 0, 'no event from a failed order should ever reach the broker');

  const orderId = await placeOrder(db, { customerId: 'c-3', totalCents: 3000 });
  assert.deepEqual((await db.select('orders')).map((o) => o.id), [orderId], 'once the database works again, orders are saved normally');
  assert.equal((await db.select('outbox')).length, 1, 'and get their event');
});
