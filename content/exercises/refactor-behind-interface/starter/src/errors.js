// @ts-check

/** The input of a request is invalid; nothing was stored and nobody was notified. */
export class ValidationError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'ValidationError';
  }
}

/**
 * A business rule refused the operation.
 * @typedef {'NOT_FOUND' | 'ALREADY_CANCELLED' | 'CANCEL_WINDOW_CLOSED'} OrderErrorCode
 */
export class OrderError extends Error {
  /**
   * @param {OrderErrorCode} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'OrderError';
    this.code = code;
  }
}
