// @ts-check

/**
 * Why a booking operation was refused. The HTTP layer maps these to statuses (409, 404, 410, 403).
 * @typedef {'SEAT_TAKEN' | 'HOLD_NOT_FOUND' | 'HOLD_EXPIRED' | 'NOT_HOLDER'} BookingErrorCode
 */
export class BookingError extends Error {
  /**
   * @param {BookingErrorCode} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'BookingError';
    this.code = code;
  }
}
