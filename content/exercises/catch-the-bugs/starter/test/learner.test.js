// @ts-check
// YOUR tests for priceCart. This is the only file you edit.
//
// The rules are in the comment above priceCart in src/price-cart.js. Write
// tests that would fail if any one of them were broken. Then run
// `node --test test/*.test.js`: test/mutants.test.js re-runs this file against
// seeded buggy copies (mutants/) and tells you which bugs slipped through.
//
// Always import from ../src/index.js (that is how the harness swaps the
// implementation under your tests).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { priceCart } from '../src/index.js';

test('an empty cart costs nothing', () => {
  assert.deepEqual(priceCart([]), { subtotalCents: 0, discountCents: 0, totalCents: 0, applied: [] });
});

// TODO: more tests. Ideas, one test each:
// - the subtotal multiplies unit price by quantity
// - invalid items are refused (which values are invalid, exactly?)
// - a coupon's minimum subtotal: below, AT, and above it
// - percent coupons: the rounding of a fraction of a cent
// - percent and fixed coupons together: what is the percentage taken of?
// - a discount bigger than the cart
// - the same coupon code twice
