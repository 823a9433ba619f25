/** A product in the catalog. Prices are whole cents, never floating-point euros. */
export interface Product {
  id: string;
  name: string;
  priceCents: number;
  stock: number;
}

/** What the handler needs from the outside world. Passing it in keeps the function pure and testable. */
export interface Deps {
  findProduct(id: string): Product | undefined;
  newOrderId(): string;
}

/** One problem with one field of the request. */
export interface FieldError {
  field: string;
  message: string;
}

/** The HTTP answer: the server around this function would send `status` with `body` as JSON. */
export interface HandlerResult {
  status: number;
  body: object;
}

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 100;

/**
 * The core of `POST /orders`.
 *
 * @param input the parsed JSON body, exactly as the client sent it. Trust none of it.
 */
export function createOrder(input: unknown, deps: Deps): HandlerResult {
  // 1. Shape. `typeof null === 'object'` and arrays are objects too, so check for both explicitly.
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return invalid([{ field: 'body', message: 'the request body must be a JSON object' }]);
  }
  const body = input as Record<string, unknown>;

  // 2. Fields. Report every problem in one answer, so the client can fix them all in one round trip.
  const errors = validateFields(body);
  if (errors.length > 0) return invalid(errors);

  // From here on the types are known (validateFields checked them), so narrow them once.
  const productId = body.productId as string;
  const quantity = body.quantity as number;

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

/** Checks the fields of an object-shaped body and returns every problem found (empty when valid). */
function validateFields(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];

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

function invalid(details: FieldError[]): HandlerResult {
  return { status: 400, body: { error: 'invalid_request', details } };
}
