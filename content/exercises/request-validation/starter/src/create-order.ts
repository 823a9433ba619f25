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
  // TODO 1. Shape: unless `input` is a plain object (not null, not an array), answer 400 with
  //         { error: 'invalid_request', details: [{ field: 'body', message: '…' }] }.

  // TODO 2. Fields: check `productId` and `quantity` (see the rules in README.md) and collect
  //         every problem with validateFields(). If there are any, answer 400 with all of them.

  // TODO 3. Business rules: look the product up with deps.findProduct().
  //         No product → 422 unknown_product. Not enough stock → 422 insufficient_stock.

  // TODO 4. Accept: compute the total from the catalog price (never from the client),
  //         take an id from deps.newOrderId() and answer 201.
  void input;
  void deps;
  void validateFields;

  return { status: 501, body: { error: 'not_implemented', message: 'createOrder() is not written yet' } };
}

/** Checks the fields of an object-shaped body and returns every problem found (empty when valid). */
function validateFields(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  // TODO: push { field: 'productId', message } and/or { field: 'quantity', message } as needed.
  void body;
  return errors;
}
