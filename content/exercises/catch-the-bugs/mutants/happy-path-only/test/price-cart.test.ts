// mutant: checks single coupons one at a time on carts bigger than the discount; misses repeated codes, percentages taken after fixed amounts and the cap at the subtotal (rules 4, 5 and 7)
// Tests for priceCart: one behaviour per test, and each one picks the input where a plausible bug would
// change the answer. Boundaries (exactly at the minimum), fractions of a cent that round differently,
// and combinations of coupons are where bugs hide, so that is where the examples sit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { priceCart } from '../src/price-cart.ts';
import type { CartItem, Coupon } from '../src/price-cart.ts';

/** A one-line cart with the given subtotal. */
const cartOf = (cents: number): CartItem[] => [{ sku: 'SKU-1', unitPriceCents: cents, quantity: 1 }];

test('an empty cart costs nothing', () => {
  assert.deepEqual(priceCart([]), { subtotalCents: 0, discountCents: 0, totalCents: 0, applied: [] });
});

test('the subtotal is the sum of unit price × quantity', () => {
  const result = priceCart([
    { sku: 'MUG', unitPriceCents: 1250, quantity: 3 },
    { sku: 'TEA', unitPriceCents: 499, quantity: 1 },
  ]);
  assert.equal(result.subtotalCents, 4249, '3 × 1250 + 1 × 499');
  assert.equal(result.totalCents, 4249, 'without coupons the total equals the subtotal');
});

test('items with a zero, negative or fractional quantity, or a bad price, are refused', () => {
  // Zero is the boundary: "positive" excludes it, and it is the easiest value to get wrong.
  for (const quantity of [0, -1, 1.5]) {
    assert.throws(() => priceCart([{ sku: 'MUG', unitPriceCents: 100, quantity }]), RangeError, `quantity ${quantity} should be rejected with a RangeError`);
  }
  for (const unitPriceCents of [-1, 9.99]) {
    assert.throws(() => priceCart([{ sku: 'MUG', unitPriceCents, quantity: 1 }]), RangeError, `unitPriceCents ${unitPriceCents} should be rejected with a RangeError`);
  }
  // And the boundary on the other side is still valid.
  assert.equal(priceCart([{ sku: 'FREEBIE', unitPriceCents: 0, quantity: 1 }]).totalCents, 0, 'a free item is fine');
});

test('a coupon applies from exactly its minimum subtotal upwards', () => {
  const coupon: Coupon = { code: 'BIG50', kind: 'fixed', amountCents: 500, minSubtotalCents: 5000 };
  assert.deepEqual(priceCart(cartOf(4999), [coupon]).applied, [], 'one cent below the minimum: not applied');
  const atMinimum = priceCart(cartOf(5000), [coupon]);
  assert.deepEqual(atMinimum.applied, ['BIG50'], 'exactly at the minimum: applied');
  assert.equal(atMinimum.totalCents, 4500, 'exactly at the minimum: 500 off');
});

test('a percent coupon rounds to the nearest cent, halves up', () => {
  const tenPercent: Coupon = { code: 'TEN', kind: 'percent', percent: 10 };
  // 10 % of 1995 = 199.5 → 200 (truncating would give 199).
  assert.equal(priceCart(cartOf(1995), [tenPercent]).discountCents, 200, '199.5 cents should round up to 200');
  // 10 % of 1994 = 199.4 → 199 (always rounding up would give 200).
  assert.equal(priceCart(cartOf(1994), [tenPercent]).discountCents, 199, '199.4 cents should round down to 199');
});
