// mutant: tests a minimum well above and below it and a negative quantity, never exactly the minimum or a quantity of 0; misses the off-by-one bugs of rules 2 and 3
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
  for (const quantity of [-1, 1.5]) {
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
  const atMinimum = priceCart(cartOf(6000), [coupon]);
  assert.deepEqual(atMinimum.applied, ['BIG50'], 'exactly at the minimum: applied');
  assert.equal(atMinimum.totalCents, 5500, 'exactly at the minimum: 500 off');
});

test('a percent coupon rounds to the nearest cent, halves up', () => {
  const tenPercent: Coupon = { code: 'TEN', kind: 'percent', percent: 10 };
  // 10 % of 1995 = 199.5 → 200 (truncating would give 199).
  assert.equal(priceCart(cartOf(1995), [tenPercent]).discountCents, 200, '199.5 cents should round up to 200');
  // 10 % of 1994 = 199.4 → 199 (always rounding up would give 200).
  assert.equal(priceCart(cartOf(1994), [tenPercent]).discountCents, 199, '199.4 cents should round down to 199');
});

test('percentages are taken of the subtotal, before fixed amounts, and do not compound', () => {
  const result = priceCart(cartOf(10_000), [
    { code: 'FIVE-OFF', kind: 'fixed', amountCents: 500 },
    { code: 'TEN', kind: 'percent', percent: 10 },
    { code: 'EXTRA5', kind: 'percent', percent: 5 },
  ]);
  // 10 % + 5 % of 10 000 = 1500, plus 500 fixed = 2000. Taking the percentages after the fixed amount
  // would give 1425 + 500 = 1925.
  assert.equal(result.discountCents, 2000, '15 % of the subtotal plus the fixed 500');
  assert.equal(result.totalCents, 8000);
  assert.deepEqual(result.applied, ['FIVE-OFF', 'TEN', 'EXTRA5'], 'applied codes keep the order they were given in');
});

test('a discount larger than the cart makes it free, never negative', () => {
  const result = priceCart(cartOf(300), [{ code: 'GIFT', kind: 'fixed', amountCents: 1000 }]);
  assert.equal(result.discountCents, 300, 'the discount is capped at the subtotal');
  assert.equal(result.totalCents, 0, 'the total must not go below zero');
});

test('the same coupon code counts once', () => {
  const coupon: Coupon = { code: 'WELCOME', kind: 'fixed', amountCents: 200 };
  const result = priceCart(cartOf(5000), [coupon, coupon]);
  assert.equal(result.discountCents, 200, 'a repeated code must not double the discount');
  assert.deepEqual(result.applied, ['WELCOME'], 'and it is listed once');
});
