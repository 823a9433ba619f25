import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrder } from '../src/create-order.ts';

/** A tiny catalog and an id generator that records how often it was asked for an id. */
function makeDeps() {
  const catalog = new Map([
    ['kbd-01', { id: 'kbd-01', name: 'Mechanical keyboard', priceCents: 8999, stock: 5 }],
    ['cable-07', { id: 'cable-07', name: 'USB-C cable', priceCents: 1250, stock: 1000 }],
    ['mouse-02', { id: 'mouse-02', name: 'Wireless mouse', priceCents: 2450, stock: 0 }],
  ]);
  let issued = 0;
  return {
    findProduct: (id: string) => catalog.get(id),
    newOrderId: () => `ord_${++issued}`,
    get idsIssued() { return issued; },
  };
}

/** What the tests read from an answer: any field of the body may be missing, so it is loosely typed. */
interface Answer {
  status: number;
  body: any;
}

/** Calls createOrder and fails with a clear message if it throws: a handler must answer, not crash. */
function call(input: unknown, deps: ReturnType<typeof makeDeps> = makeDeps()): Answer {
  let result: Answer;
  try {
    result = createOrder(input, deps);
  } catch (err) {
    assert.fail(`createOrder(${JSON.stringify(input)}) threw ${err}; a bad request must get a 4xx answer, never a crash (500)`);
  }
  assert.ok(result && typeof result === 'object', 'createOrder should return an object { status, body }');
  return result;
}

function fieldsIn(body: any): unknown[] {
  return Array.isArray(body?.details) ? body.details.map((d: any) => d?.field) : [];
}

test('a valid order is accepted with 201 and the total is computed from the catalog price', () => {
  const deps = makeDeps();
  const res = call({ productId: 'kbd-01', quantity: 2 }, deps);
  assert.equal(res.status, 201, 'a valid order should be created with 201 Created');
  assert.equal(res.body.id, 'ord_1', 'the order id should come from deps.newOrderId()');
  assert.equal(res.body.productId, 'kbd-01', 'the response should echo the productId');
  assert.equal(res.body.quantity, 2, 'the response should echo the quantity');
  assert.equal(res.body.unitPriceCents, 8999, 'the unit price should be the catalog price of kbd-01 (8999 cents)');
  assert.equal(res.body.totalCents, 17998, 'the total should be 2 × 8999 = 17998 cents, computed on the server');
});

test('the price and total sent by the client are ignored', () => {
  const res = call({ productId: 'kbd-01', quantity: 3, priceCents: 1, totalCents: 3, discount: 100 });
  assert.equal(res.status, 201, 'extra fields are not an error: the order itself is valid');
  assert.equal(res.body.unitPriceCents, 8999,
    'the unit price must come from the catalog: a client that sends priceCents: 1 must not get a €89.99 keyboard for one cent');
  assert.equal(res.body.totalCents, 26997,
    'the total must be computed on the server (3 × 8999 = 26997), whatever totalCents the client sent');
});

test('a body that is not a JSON object is rejected with 400', () => {
  for (const input of [null, undefined, 'kbd-01', 42, true, [], [{ productId: 'kbd-01', quantity: 1 }]]) {
    const res = call(input);
    assert.equal(res.status, 400, `a body of ${JSON.stringify(input)} is not an order object, so the answer should be 400`);
    assert.equal(res.body.error, 'invalid_request', `a body of ${JSON.stringify(input)} should get error "invalid_request"`);
    assert.ok(fieldsIn(res.body).includes('body'),
      `a body of ${JSON.stringify(input)} should be reported with a detail for field "body"; got details ${JSON.stringify(res.body.details)}`);
  }
});

test('quantity must be a whole number from 1 to 100', () => {
  const badQuantities = [0, -1, 1.5, '2', NaN, Infinity, 101, null, undefined, [3], { n: 1 }];
  for (const quantity of badQuantities) {
    const res = call({ productId: 'cable-07', quantity });
    const shown = typeof quantity === 'number' ? String(quantity) : JSON.stringify(quantity) ?? 'undefined';
    assert.equal(res.status, 400, `quantity ${shown} is invalid, so the answer should be 400 (the client sent bad input)`);
    assert.ok(fieldsIn(res.body).includes('quantity'),
      `quantity ${shown} should be reported in details with field "quantity"; got ${JSON.stringify(res.body?.details)}`);
  }
  for (const quantity of [1, 100]) {
    const res = call({ productId: 'cable-07', quantity });
    assert.equal(res.status, 201, `quantity ${quantity} is inside the allowed range 1..100 and should be accepted`);
  }
});

test('productId must be a non-empty string', () => {
  for (const productId of [undefined, '', 42, null, ['kbd-01'], { id: 'kbd-01' }]) {
    const res = call({ productId, quantity: 1 });
    const shown = JSON.stringify(productId) ?? 'undefined';
    assert.equal(res.status, 400, `productId ${shown} is not a non-empty string, so the answer should be 400`);
    assert.ok(fieldsIn(res.body).includes('productId'),
      `productId ${shown} should be reported in details with field "productId"; got ${JSON.stringify(res.body?.details)}`);
  }
});

test('every field problem is reported at once', () => {
  const res = call({ productId: '', quantity: 0 });
  assert.equal(res.status, 400, 'two bad fields still mean 400');
  const fields = fieldsIn(res.body);
  assert.ok(fields.includes('productId') && fields.includes('quantity'),
    `both bad fields should be listed so the client can fix them in one go; got details ${JSON.stringify(res.body?.details)}`);
});

test('an unknown product is a business-rule failure: 422 unknown_product', () => {
  const res = call({ productId: 'does-not-exist', quantity: 1 });
  assert.equal(res.status, 422,
    'the request is well-formed but names a product we do not sell: that is 422, not 400 (bad syntax) or 500 (crash)');
  assert.equal(res.body.error, 'unknown_product', 'the error code should be "unknown_product"');
});

test('ordering more than the stock is rejected with 422 insufficient_stock', () => {
  const tooMany = call({ productId: 'kbd-01', quantity: 6 });
  assert.equal(tooMany.status, 422, 'kbd-01 has 5 in stock, so an order of 6 should be refused with 422');
  assert.equal(tooMany.body.error, 'insufficient_stock', 'the error code should be "insufficient_stock"');

  const soldOut = call({ productId: 'mouse-02', quantity: 1 });
  assert.equal(soldOut.status, 422, 'mouse-02 has 0 in stock, so even one unit should be refused with 422');
  assert.equal(soldOut.body.error, 'insufficient_stock', 'the error code should be "insufficient_stock"');

  const exact = call({ productId: 'kbd-01', quantity: 5 });
  assert.equal(exact.status, 201, 'ordering exactly the 5 keyboards in stock is allowed');
});

test('a rejected request does not use up an order id', () => {
  const deps = makeDeps();
  call(null, deps);
  call({ productId: 'kbd-01', quantity: 0 }, deps);
  call({ productId: 'nope', quantity: 1 }, deps);
  call({ productId: 'kbd-01', quantity: 99 }, deps);
  assert.equal(deps.idsIssued, 0, 'deps.newOrderId() should be called only when an order is actually accepted');
  const ok = call({ productId: 'kbd-01', quantity: 1 }, deps);
  assert.equal(ok.body.id, 'ord_1', 'the first accepted order should get the first id');
});
