import { randomUUID } from 'node:crypto';
import { BookingError } from './errors.ts';
import type { SeatStore, Claim } from './store.ts';

export { BookingError };

export type Hold = { holdId: string, eventId: string, seatId: string, userId: string, expiresAt: number };

export type Booking = { holdId: string, eventId: string, seatId: string, userId: string, status: 'booked' };

export interface BookingServiceOptions {
  store: SeatStore;
  /** milliseconds since the epoch */
  clock: { now(): number };
  /** how long a hold lasts (default 5 minutes) */
  holdTtlMs?: number;
  /** makes hold ids (default randomUUID) */
  ids?: () => string;
}

/**
 * Seat booking in two steps, as on every ticketing site: hold a seat while the user pays, then confirm.
 */
export function createBookingService({ store, clock, holdTtlMs = 5 * 60_000, ids = randomUUID }: BookingServiceOptions) {
  return {
    /**
     * Holds a seat for `userId` until now + holdTtlMs.
     * Rejects with BookingError SEAT_TAKEN if the seat is booked or held by a live (unexpired) hold.
     */
    async holdSeat({ eventId, seatId, userId }: { eventId: string; seatId: string; userId: string }): Promise<Hold> {
      // The demo version: read, check, write. Every check passes in a demo with one user.
      // Under load, 50 users read "free" at the same time and all 50 writes succeed.
      // TODO: let the database decide: insert() (the unique constraint picks one winner), and on a
      // UniqueViolation look at the existing row; take over an EXPIRED hold with updateIf(version).
      // When a conditional write loses, re-read and decide again.
      const now = clock.now();
      const existing = await store.get(eventId, seatId);
      if (existing && (existing.status === 'booked' || (existing.expiresAt ?? 0) > now)) {
        throw new BookingError('SEAT_TAKEN', `seat ${seatId} is not available`);
      }
      const hold = { holdId: ids(), eventId, seatId, userId, expiresAt: now + holdTtlMs };
      await store.put({ ...hold, status: 'held' });
      return hold;
    },

    /**
     * Turns a live hold into a booking. Only the user who holds it may confirm it.
     * Rejects with BookingError HOLD_NOT_FOUND, NOT_HOLDER or HOLD_EXPIRED.
     * Confirming an already confirmed hold again (a retried request) returns the same booking.
     */
    async confirmBooking({ holdId, userId }: { holdId: string; userId: string }): Promise<Booking> {
      // TODO: check who holds it and whether it expired, and write with updateIf(version) so a
      // takeover or cleanup that happened since you read the row makes the confirmation fail.
      const [claim] = await store.find((c) => c.holdId === holdId);
      if (!claim) throw new BookingError('HOLD_NOT_FOUND', `hold ${holdId} does not exist`);
      await store.put({ ...claim, status: 'booked', expiresAt: null });
      return { holdId, eventId: claim.eventId, seatId: claim.seatId, userId, status: 'booked' };
    },

    /**
     * The cleanup job: deletes holds that expired at or before `now`, and returns how many it deleted.
     * Booked seats are never released. Must not delete a hold that somebody renewed or took over
     * between the moment the job read it and the moment it deletes it.
     *
     */
    async releaseExpiredHolds(now: number = clock.now()): Promise<number> {
      // TODO: find the expired holds and delete each with deleteIf(version).
      void now;
      return 0;
    },
  };
}
