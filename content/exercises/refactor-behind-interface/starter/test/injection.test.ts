// New tests: they need the seams. They fail until createOrderService accepts
// { repo, notifier, clock, ids, logger } and uses them instead of the hard-wired globals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrderService, OrderError } from '../src/order-service.ts';
import { emailClient } from '../src/email-client.ts';
import type { Order } from '../src/order-service.ts';

const ITEMS = [{ sku: 'BOOK-42', qty: 3, unitPriceCents: 1500 }];
const MINUTE = 60_000;

/** A clock that only moves when the test says so. @param {string} iso */
function fakeClock(iso: string) {
  let now = Date.parse(iso);
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Ids 'ord_1', 'ord_2', … */
function sequentialIds() {
  let n = 0;
  return () => `ord_${++n}`;
}

/** An in-memory repository the test can look inside. It stores copies, like a real database would. */
function fakeRepo() {
  const rows: Map<string,Order> = new Map();
  return {
    rows,
    async save(order: Order) {
      rows.set(order.id, structuredClone(order));
    },
    async findById(id: string) {
      const order = rows.get(id);
      return order ? structuredClone(order) : null;
    },
    async findByCustomer(email: string) {
      return [...rows.values()].filter((order) => order.customerEmail === email).map((order) => structuredClone(order));
    },
  };
}

function recordingNotifier(repo: ReturnType<typeof fakeRepo>) {
  const calls: { event: string; order: Order; alreadyStored: boolean }[] = [];
  return {
    calls,
    async orderPlaced(order: Order) {
      calls.push({ event: 'placed', order: structuredClone(order), alreadyStored: repo.rows.has(order.id) });
    },
    async orderCancelled(order: Order) {
      calls.push({ event: 'cancelled', order: structuredClone(order), alreadyStored: repo.rows.get(order.id)?.status === 'cancelled' });
    },
  };
}

function recordingLogger() {
  const errors: { message: string; details: unknown }[] = [];
  return {
    errors,
    error(message: string, details: unknown) {
      errors.push({ message, details });
    },
  };
}

function setup() {
  const repo = fakeRepo();
  const notifier = recordingNotifier(repo);
  const clock = fakeClock('2024-03-01T09:00:00.000Z');
  const logger = recordingLogger();
  const service = createOrderService({ repo, notifier, clock, ids: sequentialIds(), logger });
  return { service, repo, notifier, clock, logger };
}

test('ids and timestamps come from the injected generator and clock', async () => {
  const { service, clock } = setup();
  const first = await service.placeOrder({ customerEmail: 'ada@example.com', items: ITEMS });
  clock.advance(5 * MINUTE);
  const second = await service.placeOrder({ customerEmail: 'ada@example.com', items: ITEMS });

  assert.equal(first.id, 'ord_1', 'the id should come from the injected ids() function, not Math.random()');
  assert.equal(second.id, 'ord_2', 'each order should ask ids() for a new id');
  assert.equal(first.createdAt, '2024-03-01T09:00:00.000Z', 'createdAt should come from the injected clock, not Date.now()');
  assert.equal(second.createdAt, '2024-03-01T09:05:00.000Z', 'createdAt should follow the injected clock when it moves');
});

test('orders live in the injected repository, and services with different repositories are isolated', async () => {
  const { service, repo } = setup();
  const order = await service.placeOrder({ customerEmail: 'grace@example.com', items: ITEMS });
  assert.deepEqual(repo.rows.get(order.id), order, 'placeOrder should save the order through repo.save()');

  const legacy: Order = {
    id: 'ord_legacy',
    customerEmail: 'grace@example.com',
    items: ITEMS,
    totalCents: 4500,
    status: 'placed',
    createdAt: '2024-02-01T08:00:00.000Z',
  };
  await repo.save(legacy);
  assert.deepEqual(await service.getOrder('ord_legacy'), legacy, 'getOrder should read through repo.findById()');
  assert.deepEqual(
    (await service.listOrders('grace@example.com')).map((o) => o.id),
    ['ord_legacy', order.id],
    'listOrders should read through repo.findByCustomer() and still sort oldest first',
  );

  const other = setup();
  assert.equal(await other.service.getOrder(order.id), null, 'a service with its own repository must not see orders stored elsewhere');
});

test('the injected notifier is told about placed and cancelled orders, after they are saved', async () => {
  const { service, notifier, repo } = setup();
  const order = await service.placeOrder({ customerEmail: 'barbara@example.com', items: ITEMS });
  await service.cancelOrder(order.id);

  assert.deepEqual(
    notifier.calls.map((call) => call.event),
    ['placed', 'cancelled'],
    'notifier.orderPlaced() then notifier.orderCancelled() should be called, once each',
  );
  assert.equal(notifier.calls[0].order.id, order.id, 'orderPlaced should receive the placed order');
  assert.equal(notifier.calls[1].order.status, 'cancelled', 'orderCancelled should receive the cancelled order');
  assert.ok(notifier.calls.every((call) => call.alreadyStored), 'notify only after saving: a customer must never hear about an order the database does not have');
  assert.equal(repo.rows.get(order.id)?.status, 'cancelled', 'the cancellation should be saved through repo.save()');
  assert.deepEqual(
    emailClient.sent.filter((email) => email.to === 'barbara@example.com'),
    [],
    'with a notifier injected, the service must not call the email SDK directly',
  );
});

test('the 30-minute cancellation window is measured with the injected clock', async () => {
  const { service, clock } = setup();
  const early = await service.placeOrder({ customerEmail: 'edsger@example.com', items: ITEMS });
  clock.advance(29 * MINUTE + 59_000);
  const cancelled = await service.cancelOrder(early.id);
  assert.equal(cancelled.status, 'cancelled', 'at 29:59 after placing, the order can still be cancelled');
  assert.equal(cancelled.cancelledAt, '2024-03-01T09:29:59.000Z', 'cancelledAt should come from the injected clock');

  const late = await service.placeOrder({ customerEmail: 'edsger@example.com', items: ITEMS });
  clock.advance(30 * MINUTE + 1_000);
  await assert.rejects(
    service.cancelOrder(late.id),
    (err: any) => err instanceof OrderError && err.code === 'CANCEL_WINDOW_CLOSED',
    'at 30:01 after placing, cancelling should fail with CANCEL_WINDOW_CLOSED (no real waiting needed once time is injected)',
  );
});

test('exactly 30 minutes after placing is still inside the window; one millisecond later is not', async () => {
  const { service, clock } = setup();
  const first = await service.placeOrder({ customerEmail: 'grace@example.com', items: ITEMS });
  const second = await service.placeOrder({ customerEmail: 'grace@example.com', items: ITEMS });
  clock.advance(30 * MINUTE);
  const cancelled = await service.cancelOrder(first.id);
  assert.equal(cancelled.status, 'cancelled', 'at exactly 30:00.000 after placing, the order can still be cancelled (the window includes its last millisecond)');
  clock.advance(1);
  await assert.rejects(
    service.cancelOrder(second.id),
    (err: unknown) => err instanceof OrderError && err.code === 'CANCEL_WINDOW_CLOSED',
    'at 30:00.001 after placing, cancelling should fail with CANCEL_WINDOW_CLOSED',
  );
});

test('a failing notifier does not lose the order: it is kept, returned, and the failure is logged', async () => {
  const repo = fakeRepo();
  const logger = recordingLogger();
  const notifier = {
    async orderPlaced() {
      throw new Error('email vendor timed out');
    },
    async orderCancelled() {
      throw new Error('email vendor timed out');
    },
  };
  const service = createOrderService({ repo, notifier, logger, clock: fakeClock('2024-03-01T09:00:00.000Z'), ids: sequentialIds() });

  const order = await service
    .placeOrder({ customerEmail: 'linus@example.com', items: ITEMS })
    .catch((err) => assert.fail(`placeOrder should succeed even when the notification fails, but it threw: ${err.message}`));
  assert.equal(order.status, 'placed', 'the caller should get the placed order: the customer was charged, retrying would double the order');
  assert.ok(repo.rows.has(order.id), 'the order must be in the repository');

  const cancelled = await service
    .cancelOrder(order.id)
    .catch((err) => assert.fail(`cancelOrder should succeed even when the notification fails, but it threw: ${err.message}`));
  assert.equal(cancelled.status, 'cancelled', 'the cancellation should go through');
  assert.equal(repo.rows.get(order.id)?.status, 'cancelled', 'the cancellation must be saved');
  assert.equal(logger.errors.length, 2, 'each failed notification should be reported once through logger.error(), not silently swallowed');
});
