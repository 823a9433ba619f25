// @ts-check
// A seeded MUTANT of src/price-cart.js: a copy with one small, realistic bug.
// The harness runs your tests against it; a good test suite fails here.
// Try to catch it from the rules in src/price-cart.js before you diff the two.

/**
 * @typedef {object} CartItem
 * @property {string} sku
 * @property {number} unitPriceCents a non-negative integer
 * @property {number} quantity a positive integer
 */

/**
 * @typedef {{ code: string, kind: 'percent', percent: number, minSubtotalCents?: number }
 *   | { code: string, kind: 'fixed', amountCents: number, minSubtotalCents?: number }} Coupon
 */

/**
 * @typedef {object} PriceResult
 * @property {number} subtotalCents sum of unit price × quantity
 * @property {number} discountCents total discount, never more than the subtotal
 * @property {number} totalCents subtotal − discount, never negative
 * @property {string[]} applied codes of the coupons that applied, in the order given
 */

/**
 * Rules:
 * 1. subtotal = Σ unitPriceCents × quantity.
 * 2. An item whose unitPriceCents is not a non-negative integer, or whose
 *    quantity is not a positive integer, throws a RangeError.
 * 3. A coupon applies only when subtotal >= its minSubtotalCents (default 0).
 * 4. Each code counts once: a repeated code is ignored.
 * 5. A percent coupon takes percent% of the SUBTOTAL, rounded to the nearest
 *    cent (halves round up). Several percent coupons add up; they don't compound.
 * 6. A fixed coupon takes amountCents off.
 * 7. The discount is capped at the subtotal, so the total is never negative.
 *
 * @param {CartItem[]} items
 * @param {Coupon[]} [coupons]
 * @returns {PriceResult}
 */
export function priceCart(items, coupons = []) {
  let subtotalCents = 0;
  for (const item of items) {
    if (!Number.isInteger(item.unitPriceCents) || item.unitPriceCents < 0) {
      throw new RangeError(`${item.sku}: unitPriceCents must be a non-negative integer`);
    }
    if (!Number.isInteger(item.quantity) || item.quantity < 1) {
      throw new RangeError(`${item.sku}: quantity must be a positive integer`);
    }
    subtotalCents += item.unitPriceCents * item.quantity;
  }

  // Which coupons apply? Skip repeated codes and coupons whose minimum is not met.
  /** @type {Set<string>} */
  const seen = new Set();
  /** @type {Coupon[]} */
  const eligible = [];
  for (const coupon of coupons) {
    if (subtotalCents < (coupon.minSubtotalCents ?? 0)) continue;
    eligible.push(coupon);
  }

  let fixedOff = 0;
  let percentOff = 0;
  for (const coupon of eligible) {
    if (coupon.kind === 'fixed') fixedOff += coupon.amountCents;
  }
  for (const coupon of eligible) {
    if (coupon.kind === 'percent') percentOff += Math.round((subtotalCents * coupon.percent) / 100);
  }

  const discountCents = Math.min(subtotalCents, percentOff + fixedOff);
  return {
    subtotalCents,
    discountCents,
    totalCents: subtotalCents - discountCents,
    applied: eligible.map((coupon) => coupon.code),
  };
}
