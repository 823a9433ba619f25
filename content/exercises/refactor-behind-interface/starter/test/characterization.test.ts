// Characterization tests: they pin down what the service does TODAY, through its public API only.
// They pass before your refactoring and must still pass after it, unchanged. Each test uses its own
// customer, so they do not depend on whether orders are shared between service instances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrderService, OrderError, ValidationError } from '../src/order-service.ts';
import { emailClient } from '../src/email-client.ts';

const emailsTo = (to: string) => emailClient.sent.filter((email) => email.to === to);

const ITEMS = [
  { sku: 'MUG-01', qty: 2, unitPriceCents: 1250 },
  { sku: 'TEA-07', qty: 1, unitPriceCents: 899 },
];

test('placeOrder returns a placed order (total, normalized email, unique id, current time) and emails a confirmation', async () => {
  const service = createOrderService();
  const before = Date.now();
  const order = await service.placeOrder({ customerEmail: '  Ada@Example.COM ', items: ITEMS });
  const other = await service.placeOrder({ customerEmail: 'ada@example.com', items: ITEMS });
  const after = Date.now();

  assert.equal(order.status, 'placed', 'a new order should have status "placed"');
  assert.equal(order.totalCents, 2 * 1250 + 899, 'totalCents should be the sum of qty × unitPriceCents');
  assert.equal(order.customerEmail, 'ada@example.com', 'the email should be trimmed and lower-cased');
  assert.deepEqual(order.items, ITEMS, 'the items should be stored as given');
  assert.ok(typeof order.id === 'string' && order.id.length > 0, 'the order should get a non-empty string id');
  assert.notEqual(order.id, other.id, 'two orders should never share an id');
  const created = Date.parse(order.createdAt);
  assert.ok(created >= before - 1 && created <= after + 1, `createdAt should be the current time as an ISO string, got ${order.createdAt}`);

  const emails = emailsTo('ada@example.com');
  assert.equal(emails.length, 2, 'one confirmation email per order should have been sent by the time placeOrder resolves');
  assert.ok(emails[0].subject.includes(order.id) || emails[0].text.includes(order.id), 'the confirmation should mention the order id');
});

test('getOrder returns what was placed, null for unknown ids, and copies that cannot corrupt the store', async () => {
  const service = createOrderService();
  const order = await service.placeOrder({ customerEmail: 'grace@example.com', items: ITEMS });

  const loaded = await service.getOrder(order.id);
  assert.deepEqual(loaded, order, 'getOrder should return the order exactly as placeOrder returned it');
  assert.equal(await service.getOrder('ord_does_not_exist'), null, 'an unknown id should give null');

  assert.ok(loaded);
  loaded.status = 'cancelled';
  loaded.items[0].qty = 99;
  assert.deepEqual(await service.getOrder(order.id), order, 'changing a returned object must not change the stored order');
});

test('invalid input is rejected with a ValidationError, and nothing is stored or sent', async () => {
  const service = createOrderService();
  const email = 'linus@example.com';
  const invalid = [
    { customerEmail: 'not-an-email', items: ITEMS },
    { customerEmail: email, items: [] },
    { customerEmail: email, items: [{ sku: 'MUG-01', qty: 0, unitPriceCents: 100 }] },
    { customerEmail: email, items: [{ sku: 'MUG-01', qty: 1, unitPriceCents: 9.99 }] },
  ];
  for (const input of invalid) {
    await assert.rejects(service.placeOrder(input), ValidationError, `placeOrder(${JSON.stringify(input)}) should throw a ValidationError`);
  }
  assert.deepEqual(await service.listOrders(email), [], 'a rejected order must not be stored');
  assert.deepEqual(emailsTo(email), [], 'a rejected order must not send an email');
});

test('an order can be cancelled right after it is placed, once', async () => {
  const service = createOrderService();
  const order = await service.placeOrder({ customerEmail: 'edsger@example.com', items: ITEMS });

  const cancelled = await service.cancelOrder(order.id);
  assert.equal(cancelled.status, 'cancelled', 'cancelOrder should return the order with status "cancelled"');
  assert.ok(typeof cancelled.cancelledAt === 'string' && !Number.isNaN(Date.parse(cancelled.cancelledAt)), 'cancelledAt should be set to an ISO time');
  assert.equal((await service.getOrder(order.id))?.status, 'cancelled', 'the cancellation should be stored');
  assert.equal(emailsTo('edsger@example.com').length, 2, 'a cancellation email should follow the confirmation');

  await assert.rejects(service.cancelOrder(order.id), (err: any) => err instanceof OrderError && err.code === 'ALREADY_CANCELLED', 'cancelling twice should fail with ALREADY_CANCELLED');
  await assert.rejects(service.cancelOrder('ord_nope'), (err: any) => err instanceof OrderError && err.code === 'NOT_FOUND', 'cancelling an unknown order should fail with NOT_FOUND');
});

test("listOrders returns one customer's orders, oldest first", async () => {
  const service = createOrderService();
  const first = await service.placeOrder({ customerEmail: 'ken@example.com', items: ITEMS });
  await service.placeOrder({ customerEmail: 'dennis@example.com', items: ITEMS });
  const second = await service.placeOrder({ customerEmail: 'KEN@example.com', items: ITEMS.slice(0, 1) });

  const orders = await service.listOrders('Ken@Example.com');
  assert.deepEqual(orders.map((o) => o.id), [first.id, second.id], "listOrders should return only this customer's orders, oldest first");
});
