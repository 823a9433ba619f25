import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSeatStore } from '../src/store.ts';
import { createBookingService, BookingError } from '../src/booking.ts';
import type { Hold } from '../src/booking.ts';

const TTL = 5 * 60_000;
const T0 = Date.parse('2025-06-01T18:00:00Z');
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

function fakeClock() {
  let now = T0;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

function setup(seed: number = 1) {
  const store = createSeatStore({ seed });
  const clock = fakeClock();
  const service = createBookingService({ store, clock, holdTtlMs: TTL });
  return { store, clock, service };
}

/**
 * Asserts that `promise` rejects with a BookingError of the given code.
 */
async function rejectsWith(promise: Promise<unknown>, code: string, message: string) {
  await assert.rejects(
    promise,
    (err: any) => {
      assert.ok(err instanceof BookingError, `${message}: expected a BookingError, got ${err?.name}: ${err?.message}`);
      assert.equal(err.code, code, `${message}: expected code ${code}, got ${err.code}`);
      return true;
    },
    message,
  );
}

/**
 * Runs many attempts at once and sorts the outcomes.
 * @template T
 */
async function outcomes<T>(attempts: Promise<T>[]) {
  const settled = await Promise.allSettled(attempts);
  const winners = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
  return { winners, errors };
}

test('a free seat can be held, and nobody else can hold it while the hold is live', async () => {
  const { service, clock } = setup();
  const hold = await service.holdSeat({ eventId: 'concert', seatId: 'A1', userId: 'alice' });
  assert.equal(hold.userId, 'alice', 'the hold should belong to alice');
  assert.equal(hold.expiresAt, T0 + TTL, 'the hold should expire holdTtlMs after now (injected clock)');
  assert.ok(typeof hold.holdId === 'string' && hold.holdId.length > 0, 'the hold should have an id');

  clock.advance(TTL - 1);
  await rejectsWith(service.holdSeat({ eventId: 'concert', seatId: 'A1', userId: 'bob' }), 'SEAT_TAKEN', 'bob cannot hold A1 while alice holds it');
  const other = await service.holdSeat({ eventId: 'concert', seatId: 'A2', userId: 'bob' });
  assert.equal(other.seatId, 'A2', 'another seat is unaffected');
});

test('50 concurrent attempts on one seat produce exactly one hold', async () => {
  for (const seed of SEEDS) {
    const { service, store } = setup(seed);
    const { winners, errors } = await outcomes(
      Array.from({ length: 50 }, (_, i) => service.holdSeat({ eventId: 'final', seatId: 'C7', userId: `fan-${i}` })),
    );
    assert.equal(winners.length, 1, `seed ${seed}: exactly one of 50 simultaneous holds should win, got ${winners.length}: that is a double booking`);
    for (const err of errors) {
      assert.ok(err instanceof BookingError && err.code === 'SEAT_TAKEN', `seed ${seed}: losers should get BookingError SEAT_TAKEN, got ${err?.name}: ${err?.message}`);
    }
    const rows = await store.find(() => true);
    assert.equal(rows.length, 1, `seed ${seed}: the store should hold one claim for the seat`);
    assert.equal(rows[0].holdId, winners[0].holdId, `seed ${seed}: the stored claim should be the winner's hold`);
  }
});

test('the holder can confirm before expiry; a booked seat never expires and confirming again is safe', async () => {
  const { service, clock } = setup();
  const hold = await service.holdSeat({ eventId: 'concert', seatId: 'B3', userId: 'alice' });
  clock.advance(TTL - 1);
  const booking = await service.confirmBooking({ holdId: hold.holdId, userId: 'alice' });
  assert.equal(booking.status, 'booked', 'a live hold confirmed by its holder should become a booking');
  assert.equal(booking.seatId, 'B3');

  clock.advance(24 * 60 * 60_000);
  const again = await service.confirmBooking({ holdId: hold.holdId, userId: 'alice' });
  assert.deepEqual(again, booking, 'confirming the same hold again (a retried request) should return the same booking');
  assert.equal(await service.releaseExpiredHolds(clock.now()), 0, 'the cleanup job must never release a booked seat');
  await rejectsWith(service.holdSeat({ eventId: 'concert', seatId: 'B3', userId: 'bob' }), 'SEAT_TAKEN', 'a booked seat stays taken, whatever the time');
});

test("confirming someone else's hold, or an unknown one, fails and leaves the hold intact", async () => {
  const { service } = setup();
  const hold = await service.holdSeat({ eventId: 'concert', seatId: 'D4', userId: 'alice' });
  await rejectsWith(service.confirmBooking({ holdId: hold.holdId, userId: 'mallory' }), 'NOT_HOLDER', 'mallory must not confirm alice\'s hold');
  await rejectsWith(service.confirmBooking({ holdId: 'no-such-hold', userId: 'alice' }), 'HOLD_NOT_FOUND', 'an unknown hold id');
  const booking = await service.confirmBooking({ holdId: hold.holdId, userId: 'alice' });
  assert.equal(booking.status, 'booked', 'after the failed attempts, alice can still confirm her hold');
});

test('an expired hold cannot be confirmed', async () => {
  const { service, clock } = setup();
  const hold = await service.holdSeat({ eventId: 'concert', seatId: 'E5', userId: 'alice' });
  clock.advance(TTL); // now === expiresAt: the hold is over
  await rejectsWith(service.confirmBooking({ holdId: hold.holdId, userId: 'alice' }), 'HOLD_EXPIRED', 'a hold confirmed at (or after) its expiry time');
  const rebooked = await service.holdSeat({ eventId: 'concert', seatId: 'E5', userId: 'alice' });
  assert.notEqual(rebooked.holdId, hold.holdId, 'holding the seat again should create a new hold');
});

test('an expired hold can be taken over by someone else, without waiting for the cleanup job', async () => {
  const { service, clock } = setup();
  const alice = await service.holdSeat({ eventId: 'concert', seatId: 'F6', userId: 'alice' });
  clock.advance(TTL + 1);
  const bob = await service.holdSeat({ eventId: 'concert', seatId: 'F6', userId: 'bob' }).catch((err) =>
    assert.fail(`bob should be able to hold a seat whose hold has expired, but got ${err?.code ?? err?.message}`),
  );
  assert.equal(bob.expiresAt, clock.now() + TTL, "bob's hold should run from now");
  await rejectsWith(service.confirmBooking({ holdId: alice.holdId, userId: 'alice' }), 'HOLD_NOT_FOUND', "alice's old hold was replaced by bob's");
  const booking = await service.confirmBooking({ holdId: bob.holdId, userId: 'bob' });
  assert.equal(booking.userId, 'bob', 'bob can confirm the seat he took over');
});

test('50 concurrent takeovers of an expired hold produce exactly one winner', async () => {
  for (const seed of SEEDS) {
    const { service, store, clock } = setup(seed);
    await service.holdSeat({ eventId: 'final', seatId: 'G8', userId: 'first' });
    clock.advance(TTL + 1);
    const { winners, errors } = await outcomes(
      Array.from({ length: 50 }, (_, i) => service.holdSeat({ eventId: 'final', seatId: 'G8', userId: `fan-${i}` })),
    );
    assert.equal(winners.length, 1, `seed ${seed}: exactly one of 50 simultaneous takeovers should win, got ${winners.length}`);
    for (const err of errors) {
      assert.ok(err instanceof BookingError && err.code === 'SEAT_TAKEN', `seed ${seed}: losers should get SEAT_TAKEN, got ${err?.name}: ${err?.message}`);
    }
    const [row] = await store.find(() => true);
    assert.equal(row.holdId, winners[0].holdId, `seed ${seed}: the stored claim should be the winner's hold`);
  }
});

test('releaseExpiredHolds(now) deletes exactly the holds expired at now', async () => {
  const { service, clock, store } = setup();
  await service.holdSeat({ eventId: 'concert', seatId: 'H1', userId: 'early' }); // expires T0 + TTL
  clock.advance(60_000);
  const late = await service.holdSeat({ eventId: 'concert', seatId: 'H2', userId: 'late' }); // expires T0 + 1 min + TTL
  const booked = await service.holdSeat({ eventId: 'concert', seatId: 'H3', userId: 'payer' });
  await service.confirmBooking({ holdId: booked.holdId, userId: 'payer' });

  assert.equal(await service.releaseExpiredHolds(T0 + TTL - 1), 0, 'nothing has expired one millisecond before the first expiry');
  assert.equal(await service.releaseExpiredHolds(T0 + TTL), 1, 'at T0 + TTL, exactly the first hold has expired');
  const seats = (await store.find(() => true)).map((row) => row.seatId).sort();
  assert.deepEqual(seats, ['H2', 'H3'], 'the live hold and the booking must survive the cleanup');
  assert.equal(late.seatId, 'H2');

  const again = await service.holdSeat({ eventId: 'concert', seatId: 'H1', userId: 'someone' });
  assert.equal(again.userId, 'someone', 'a released seat can be held again');
});

test('a cleanup running during takeovers never deletes the new holds', async () => {
  const seats = Array.from({ length: 20 }, (_, i) => `K${i + 1}`);
  for (const seed of SEEDS) {
    const { service, clock } = setup(seed);
    for (const seatId of seats) await service.holdSeat({ eventId: 'final', seatId, userId: 'alice' });
    clock.advance(TTL + 1);

    // The cleanup job wakes up just as 20 other fans take over the 20 expired holds.
    const [released, ...takeovers] = await Promise.allSettled([
      service.releaseExpiredHolds(clock.now()),
      ...seats.map((seatId, i) => service.holdSeat({ eventId: 'final', seatId, userId: `fan-${i}` })),
    ]);
    assert.equal(released.status, 'fulfilled', `seed ${seed}: the cleanup job should not throw`);
    for (const [i, takeover] of takeovers.entries()) {
      if (takeover.status === 'rejected') {
        assert.fail(
          `seed ${seed}: fan-${i} is the only one who wants ${seats[i]}, so the hold should succeed (when a conditional write loses, re-read and decide again); got ${takeover.reason?.code ?? takeover.reason?.message}`,
        );
      }
      const hold = (takeover.value as Hold);
      await service.confirmBooking({ holdId: hold.holdId, userId: `fan-${i}` }).catch((err) =>
        assert.fail(
          `seed ${seed}: fan-${i}'s new hold on ${seats[i]} must survive the cleanup that ran at the same time, but confirming it failed with ${err?.code ?? err?.message}`,
        ),
      );
    }
  }
});

test('a confirmation that read a live hold cannot win after a takeover replaced it', async () => {
  for (const seed of SEEDS) {
    const { store, clock, service } = setup(seed);
    const alice = await service.holdSeat({ eventId: 'gig', seatId: 'C1', userId: 'alice' });
    clock.advance(TTL - 1); // 1 ms before alice's hold expires

    // Alice's confirmation reads the seat now, while her hold is live, but what it read reaches her
    // only after bob took the expired seat over: that is what a slow network or a GC pause does.
    let releaseRead = () => {};
    const readArrives = new Promise<void>((resolve) => (releaseRead = resolve));
    let delayed = false;
    for (const method of ['find', 'get'] as const) {
      const original = store[method].bind(store) as (...args: never[]) => Promise<unknown>;
      (store as Record<string, unknown>)[method] = async (...args: never[]) => {
        const result = await original(...args);
        if (!delayed) {
          delayed = true;
          await readArrives;
        }
        return result;
      };
    }
    const confirming = service.confirmBooking({ holdId: alice.holdId, userId: 'alice' }).then(
      (booking) => ({ ok: true as const, booking }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    while (!delayed) await new Promise((resolve) => setImmediate(resolve));
    clock.advance(1); // alice's hold has now expired
    const bob = await service.holdSeat({ eventId: 'gig', seatId: 'C1', userId: 'bob' });
    releaseRead();
    const confirmed = await confirming;
    assert.equal(confirmed.ok, false,
      `seed ${seed}: bob took the expired seat over before alice's confirmation wrote anything, so alice must not get a ` +
      'booking (make the write conditional on what you read: updateIf with the version)');
    const booking = await service.confirmBooking({ holdId: bob.holdId, userId: 'bob' });
    assert.equal(booking.userId, 'bob', `seed ${seed}: bob's hold must have survived alice's late confirmation`);
  }
});
