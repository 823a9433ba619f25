// mutant: asserts only that something of the right shape comes back, never exact values; passes on the correct implementation and on every hidden bug alike
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { priceCart } from '../src/price-cart.ts';

test('priceCart returns a price for a cart with coupons', () => {
  const result = priceCart(
    [{ sku: 'MUG', unitPriceCents: 1250, quantity: 2 }],
    [{ code: 'TEN', kind: 'percent', percent: 10 }, { code: 'FIVE', kind: 'fixed', amountCents: 500 }],
  );
  assert.ok(result !== undefined, 'a result comes back');
  assert.equal(typeof result.totalCents, 'number', 'the total is a number');
  assert.ok(Array.isArray(result.applied), 'the applied codes are a list');
});

test('invalid items throw', () => {
  assert.throws(() => priceCart([{ sku: 'MUG', unitPriceCents: -1, quantity: 1 }]));
});
