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
  // 1. Shape. `typeof null === 'object'` and arrays are objects too, so check for both explicitly.
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return invalid([{ field: 'body', message: 'the request body must be a JSON object' }]);
  }
  const body = /** @type {Record<string, unknown>} */ (input);

  // 2. Fields. Report every problem in one answer, so the client can fix them all in one round trip.
  const errors = validateFields(body);
  if (errors.length > 0) return invalid(errors);

  // From here on the types are known, so narrow them once.
  const productId = /** @type {string} */ (body.productId);
  const quantity = /** @type {number} */ (body.quantity);

  // 3. Business rules. The request is well-formed; now ask our own data whether it can be served.
  const product = deps.findProduct(productId);
  if (!product) {
    return { status: 422, body: { error: 'unknown_product', message: `no product with id "${productId}"` } };
  }
  if (quantity > product.stock) {
    return {
      status: 422,
      body: { error: 'insufficient_stock', message: `only ${product.stock} of "${productId}" in stock` },
    };
  }

  // 4. Accept. Every number in the answer comes from the catalog or from validated input;
  //    body.priceCents, body.totalCents and friends are never read.
  return {
    status: 201,
    body: {
      id: deps.newOrderId(),
      productId: product.id,
      quantity,
      unitPriceCents: product.priceCents,
      totalCents: product.priceCents * quantity,
    },
  };
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

  if (typeof body.productId !== 'string' || body.productId.length === 0) {
    errors.push({ field: 'productId', message: 'productId must be a non-empty string' });
  }

  // Number.isInteger() is false for strings ('2'), NaN, Infinity and fractions, so no coercion sneaks in.
  const { quantity } = body;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
    errors.push({ field: 'quantity', message: `quantity must be a whole number from ${MIN_QUANTITY} to ${MAX_QUANTITY}` });
  }

  return errors;
}

/**
 * @param {FieldError[]} details
 * @returns {HandlerResult}
 */
function invalid(details) {
  return { status: 400, body: { error: 'invalid_request', details } };
}
