import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createDatabase } from '../src/db.ts';
import type { Database, Transaction } from '../src/db.ts';
import { createBroker } from '../src/broker.ts';
import type { Message } from '../src/broker.ts';
import { createRelay } from '../src/outbox.ts';
import { placeOrder } from '../src/orders.ts';
import { createIdempotentConsumer } from '../src/consumer.ts';

/** The warehouse service: on order.placed it creates a shipment, in its own database. */
function shipOrder(warehouseDb: Database) {
  const calls = { count: 0, failNext: false };
  const handle = async (tx: Transaction, message: Message): Promise<void> => {
    calls.count++;
    const { orderId } = message.payload as { orderId: number };
    await tx.insert('shipments', { orderId });
    await nextTurn(); // e.g. calling the carrier's API
    if (calls.failNext) {
      calls.failNext = false;
      throw new Error('carrier API timed out');
    }
  };
  return { handle, calls, consume: createIdempotentConsumer(warehouseDb, handle) };
}

const orderPlaced = (id: string, orderId: number): Message => ({ id, key: String(orderId), payload: { orderId, customerId: 'c-1', totalCents: 100 } });

test('a message is handled once however often it arrives, even after a restart, and a failed attempt does not count', { timeout: 10_000 }, async () => {
  const warehouseDb = createDatabase();
  const { consume, calls, handle } = shipOrder(warehouseDb);
  const message = orderPlaced('evt-1', 1);

  assert.equal(await consume(message), 'processed', 'the first delivery should be processed');
  assert.equal(await consume(message), 'duplicate', 'the same message id again should be reported as a duplicate');
  const afterRestart = createIdempotentConsumer(warehouseDb, handle); // a new process, same database
  assert.equal(await afterRestart(message), 'duplicate', 'what was processed must be remembered in the database, not in memory: a restarted consumer still knows evt-1');
  assert.equal((await warehouseDb.select('shipments')).length, 1, 'order 1 should be shipped exactly once');

  calls.failNext = true;
  const flaky = orderPlaced('evt-2', 2);
  await assert.rejects(consume(flaky), 'when the handler fails, the consumer should reject so the broker redelivers');
  assert.equal((await warehouseDb.select('shipments')).length, 1, 'the failed attempt\'s shipment must be rolled back');
  assert.equal(await consume(flaky), 'processed', 'a message whose handling failed was not processed: its redelivery must run the handler again');
  assert.deepEqual((await warehouseDb.select('shipments')).map((s) => s.orderId), [1, 2], 'each order should end up shipped exactly once');
});

test('two deliveries of the same message released in the same tick still ship once', { timeout: 10_000 }, async () => {
  const warehouseDb = createDatabase();
  const { consume } = shipOrder(warehouseDb);
  const message = orderPlaced('evt-7', 7);

  const settled = await Promise.allSettled([consume(message), consume(message)]);
  const results = settled.map((r) => (r.status === 'fulfilled' ? r.value : `rejected: ${(r.reason as Error)?.message ?? r.reason}`));
  assert.equal((await warehouseDb.select('shipments')).length, 1, 'checking "already processed?" and then inserting is a race: let the unique id in processed_messages decide, in the same transaction as the work');
  assert.deepEqual(
    [...results].sort(),
    ['duplicate', 'processed'],
    'one delivery should resolve "processed" and the other "duplicate": the loser of the race hits the unique id in processed_messages (a UniqueViolationError for that table), and its work was rolled back, so it is a duplicate, not a failure',
  );
});

test('a unique violation in the handler\'s own tables is a failure, not a duplicate', { timeout: 10_000 }, async () => {
  const warehouseDb = createDatabase();
  const consume = createIdempotentConsumer(warehouseDb, async (tx, message) => {
    const { orderId } = message.payload as { orderId: number };
    await tx.insert('shipments', { id: `ship-${orderId}`, orderId }); // one shipment per order, by id
  });

  assert.equal(await consume(orderPlaced('evt-1', 1)), 'processed');
  await assert.rejects(
    consume(orderPlaced('evt-2', 1)),
    'evt-2 was never processed: a UniqueViolationError from the shipments table is the handler failing, so consume() should reject (only a conflict in processed_messages means "duplicate")',
  );
});

test('end to end: orders, a flaky broker, duplicates, and still exactly one shipment per order', { timeout: 10_000 }, async () => {
  const shopDb = createDatabase();
  const warehouseDb = createDatabase();
  const broker = createBroker();
  const relay = createRelay({ db: shopDb, broker, batchSize: 10 });
  const { consume } = shipOrder(warehouseDb);

  const orderIds: number[] = [];
  for (const customerId of ['c-1', 'c-2', 'c-3']) orderIds.push(await placeOrder(shopDb, { customerId, totalCents: 2500 }));
  broker.failNext(2, { afterDelivery: true }); // two acks lost in a network blip

  for (let i = 0; i < 6; i++) await relay.runOnce().catch(() => {});
  assert.ok(broker.delivered.length > 3, 'with lost acks, the relay should have republished: the broker holds duplicates');

  for (const { message } of broker.delivered) await consume(message);
  const shipped = (await warehouseDb.select('shipments')).map((s) => s.orderId as number).sort();
  assert.deepEqual(shipped, [...orderIds].sort(), 'every order should be shipped exactly once: at-least-once delivery plus an idempotent consumer gives exactly-once effects');
});
