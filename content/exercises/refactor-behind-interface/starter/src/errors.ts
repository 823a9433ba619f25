
/** The input of a request is invalid; nothing was stored and nobody was notified. */
export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** A business rule refused the operation. */
export type OrderErrorCode = 'NOT_FOUND' | 'ALREADY_CANCELLED' | 'CANCEL_WINDOW_CLOSED';
export class OrderError extends Error {
  code: OrderErrorCode;

  constructor(code: OrderErrorCode, message: string) {
    super(message);
    this.name = 'OrderError';
    this.code = code;
  }
}
