// Prices a shopping cart. This implementation is CORRECT: treat it as the specification your tests
// must pin down. You do not need to change it (the check always uses the shipped version of this file).
//
// All money is in integer cents, so there are no floating-point totals like 0.1 + 0.2.

export interface CartItem {
  sku: string;
  /** a non-negative integer */
  unitPriceCents: number;
  /** a positive integer */
  quantity: number;
}

export type Coupon =
  | { code: string, kind: 'percent', percent: number, minSubtotalCents?: number }
  | { code: string, kind: 'fixed', amountCents: number, minSubtotalCents?: number };

export interface PriceResult {
  /** the sum of unit price × quantity */
  subtotalCents: number;
  /** the total discount, never more than the subtotal */
  discountCents: number;
  /** subtotal − discount, never negative */
  totalCents: number;
  /** the codes of the coupons that applied, in the order given */
  applied: string[];
}

/**
 * Rules:
 * 1. subtotal = Σ unitPriceCents × quantity.
 * 2. An item whose unitPriceCents is not a non-negative integer, or whose quantity is not a positive
 *    integer, throws a RangeError.
 * 3. A coupon applies only when subtotal >= its minSubtotalCents (default 0).
 * 4. Each code counts once: a repeated code is ignored.
 * 5. A percent coupon takes percent% of the SUBTOTAL, rounded to the nearest cent (halves round up).
 *    Several percent coupons add up; they do not compound.
 * 6. A fixed coupon takes amountCents off.
 * 7. The discount is capped at the subtotal, so the total is never negative.
 */
export function priceCart(items: CartItem[], coupons: Coupon[] = []): PriceResult {
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
  const seen = new Set<string>();
  const eligible: Coupon[] = [];
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
