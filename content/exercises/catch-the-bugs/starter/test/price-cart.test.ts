// YOUR tests for priceCart. Write them here (or in more files under test/).
//
// The rules are in the comment above priceCart in src/price-cart.ts. Write tests that would fail if
// any one of them were broken. Check Exercise runs your tests against the correct implementation (they
// must pass) and then against hidden buggy versions of src/price-cart.ts (they should fail).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { priceCart } from '../src/price-cart.ts';

test('an empty cart costs nothing', () => {
  assert.deepEqual(priceCart([]), { subtotalCents: 0, discountCents: 0, totalCents: 0, applied: [] });
});

// TODO: more tests. Ideas, one test each:
// - the subtotal multiplies unit price by quantity
// - invalid items are refused (which values are invalid, exactly?)
// - a coupon's minimum subtotal: below it, AT it, and above it
// - percent coupons: the rounding of a fraction of a cent
// - percent and fixed coupons together: what is the percentage taken of?
// - a discount bigger than the cart
// - the same coupon code twice
