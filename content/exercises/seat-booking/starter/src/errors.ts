
/** Why a booking operation was refused. The HTTP layer maps these to statuses (409, 404, 410, 403). */
export type BookingErrorCode = 'SEAT_TAKEN' | 'HOLD_NOT_FOUND' | 'HOLD_EXPIRED' | 'NOT_HOLDER';
export class BookingError extends Error {
  code: BookingErrorCode;

  constructor(code: BookingErrorCode, message: string) {
    super(message);
    this.name = 'BookingError';
    this.code = code;
  }
}
