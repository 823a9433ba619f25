// @ts-check

/**
 * A product in the catalog. Prices are whole cents, never floating-point euros.
 * @typedef {{ id: string, name: string, priceCents: number, stock: number }} Product
 */

/**
 * What the handler needs from the outside world. Passing it in keeps the function pure and testable.
 * @typedef {{
 *   findProduct(id: string): Product | undefined,
 *   newOrderId(): string,
 * }} Deps
 */

/**
 * One problem with one field of the request.
 * @typedef {{ field: string, message: string }} FieldError
 */

/**
 * The HTTP answer: the server around this function would send `status` with `body` as JSON.
 * @typedef {{ status: number, body: object }} HandlerResult
 */

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 100;

/**
 * The core of `POST /orders`.
 *
 * @param {unknown} input the parsed JSON body, exactly as the client sent it. Trust none of it.
 * @param {Deps} deps
 * @returns {HandlerResult}
 */
export function createOrder(input, deps) {
  // TODO 1. Shape: unless `input` is a plain object (not null, not an array), answer 400 with
  //         { error: 'invalid_request', details: [{ field: 'body', message: '…' }] }.

  // TODO 2. Fields: check `productId` and `quantity` (see the rules in README.md) and collect
  //         every problem with validateFields(). If there are any, answer 400 with all of them.

  // TODO 3. Business rules: look the product up with deps.findProduct().
  //         No product → 422 unknown_product. Not enough stock → 422 insufficient_stock.

  // TODO 4. Accept: compute the total from the catalog price (never from the client),
  //         take an id from deps.newOrderId() and answer 201.

  return { status: 501, body: { error: 'not_implemented', message: 'createOrder() is not written yet' } };
}

/**
 * Checks the fields of an object-shaped body and returns every problem found (empty when valid).
 *
 * @param {Record<string, unknown>} body
 * @returns {FieldError[]}
 */
function validateFields(body) {
  /** @type {FieldError[]} */
  const errors = [];
  // TODO: push { field: 'productId', message } and/or { field: 'quantity', message } as needed.
  return errors;
}
