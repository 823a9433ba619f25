// mutant: checks the hold with the time it started and then writes the booking unconditionally, so a takeover that
// happened in between is overwritten. Breaks "a takeover and a confirmation never both win" (conditional writes).
import { randomUUID } from 'node:crypto';
import { BookingError } from './errors.ts';
import { UniqueViolation } from './store.ts';
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
 * How often we re-read and retry after losing a conditional write. Each loss means somebody else's
 * write landed, so the state moved on; a handful of rounds is plenty, and the bound guarantees we
 * never spin forever.
 */
const MAX_ROUNDS = 10;

/**
 * Seat booking in two steps, as on every ticketing site: hold a seat while the user pays, then confirm.
 *
 * The rule everywhere below: never decide on a value you read and then write blindly. Either let the
 * database pick the winner (the unique constraint on insert), or write on the condition that the row
 * is still the version you read (updateIf / deleteIf). When the condition fails, re-read and decide
 * again.
 */
export function createBookingService({ store, clock, holdTtlMs = 5 * 60_000, ids = randomUUID }: BookingServiceOptions) {
  const isLiveHold = (claim: Claim, now = clock.now()) =>
    claim.status === 'held' && claim.expiresAt !== null && now < claim.expiresAt;

  const seatTaken = (seatId: string) => new BookingError('SEAT_TAKEN', `seat ${seatId} is not available`);

  const toBooking = (claim: Claim): Booking => ({
    holdId: claim.holdId,
    eventId: claim.eventId,
    seatId: claim.seatId,
    userId: claim.userId,
    status: 'booked',
  });

  return {
    /**
     * Holds a seat for `userId` until now + holdTtlMs.
     * Rejects with BookingError SEAT_TAKEN if the seat is booked or held by a live (unexpired) hold.
     */
    async holdSeat({ eventId, seatId, userId }: { eventId: string; seatId: string; userId: string }): Promise<Hold> {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const now = clock.now();
        const hold = { holdId: ids(), eventId, seatId, userId, expiresAt: now + holdTtlMs };

        // 1. The common case, a free seat: the unique constraint lets exactly one insert through.
        try {
          await store.insert({ ...hold, status: 'held' });
          return hold;
        } catch (error) {
          if (!(error instanceof UniqueViolation)) throw error;
        }

        // 2. Somebody has a claim. Look at it.
        const existing = await store.get(eventId, seatId);
        if (!existing) continue; // released since our insert failed: try the insert again
        if (existing.status === 'booked' || isLiveHold(existing, now)) throw seatTaken(seatId);

        // 3. An expired hold: take it over, but only if nobody changed it since we read it.
        //    Of 50 concurrent takeovers, only the first updateIf matches the version.
        const taken = await store.updateIf(eventId, seatId, existing.version, {
          holdId: hold.holdId,
          userId,
          status: 'held',
          expiresAt: hold.expiresAt,
        });
        if (taken) return hold;
        // Lost the race (another takeover, a cleanup, a confirmation): the next round re-reads.
      }
      throw seatTaken(seatId);
    },

    /**
     * Turns a live hold into a booking. Only the user who holds it may confirm it.
     * Rejects with BookingError HOLD_NOT_FOUND, NOT_HOLDER or HOLD_EXPIRED.
     * Confirming an already confirmed hold again (a retried request) returns the same booking.
     */
    async confirmBooking({ holdId, userId }: { holdId: string; userId: string }): Promise<Booking> {
      const startedAt = clock.now();
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const [claim] = await store.find((c) => c.holdId === holdId);
        // Gone: never existed, released by the cleanup job, or taken over (new holdId).
        if (!claim) throw new BookingError('HOLD_NOT_FOUND', `hold ${holdId} does not exist`);
        if (claim.userId !== userId) throw new BookingError('NOT_HOLDER', `hold ${holdId} belongs to someone else`);
        if (claim.status === 'booked') return toBooking(claim); // a retried confirmation: same answer
        if (!isLiveHold(claim, startedAt)) throw new BookingError('HOLD_EXPIRED', `hold ${holdId} has expired`);

        // Conditional on the version we checked: if a takeover or the cleanup got there first,
        // this matches nothing and the next round sees what happened instead.
        const booked = await store.put({ ...claim, status: 'booked', expiresAt: null });
        if (booked) return toBooking(booked);
      }
      throw new BookingError('HOLD_NOT_FOUND', `hold ${holdId} kept changing; try again`);
    },

    /**
     * The cleanup job: deletes holds that expired at or before `now`, and returns how many it deleted.
     * Booked seats are never released. Must not delete a hold that somebody renewed or took over
     * between the moment the job read it and the moment it deletes it.
     *
     */
    async releaseExpiredHolds(now: number = clock.now()): Promise<number> {
      const expired = await store.find(
        (claim) => claim.status === 'held' && claim.expiresAt !== null && claim.expiresAt <= now,
      );
      let released = 0;
      for (const claim of expired) {
        // deleteIf, not delete: if bob took the seat over a moment ago, the version moved on and
        // his fresh hold stays. A plain delete here would silently throw away his hold.
        if (await store.deleteIf(claim.eventId, claim.seatId, claim.version)) released++;
      }
      return released;
    },
  };
}
