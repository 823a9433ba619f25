import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenBucketLimiter } from '../src/token-bucket.ts';
import type { Limiter } from '../src/token-bucket.ts';

/** A clock that only moves when the test says so. */
function fakeClock(start = 1_000_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

function takeMany(limiter: Limiter, key: string, n: number) {
  return Array.from({ length: n }, () => limiter.take(key));
}

test('a burst up to capacity is allowed, the next request is not', () => {
  const clock = fakeClock();
  const limiter = createTokenBucketLimiter({ capacity: 5, refillPerSecond: 1, now: clock.now });
  const burst = takeMany(limiter, 'client', 5);
  burst.forEach((r, i) => assert.equal(r.allowed, true, `request ${i + 1} of a burst of 5 should be allowed (capacity 5)`));
  assert.deepEqual(burst.map((r) => r.remaining), [4, 3, 2, 1, 0], 'remaining should count the tokens left after each request');
  const sixth = limiter.take('client');
  assert.equal(sixth.allowed, false, 'the 6th request at the same instant should be rejected');
  assert.equal(sixth.remaining, 0, 'a rejected request leaves 0 remaining');
});

test('tokens flow back over time, fractions accumulate, and the bucket never overfills', () => {
  const clock = fakeClock();
  const limiter = createTokenBucketLimiter({ capacity: 3, refillPerSecond: 4, now: clock.now });
  takeMany(limiter, 'k', 3);
  assert.equal(limiter.take('k').allowed, false, 'the bucket is empty');

  clock.t += 100;
  assert.equal(limiter.take('k').allowed, false, 'after 100 ms at 4 tokens/s only 0.4 token has come back: still rejected');
  clock.t += 200;
  assert.equal(limiter.take('k').allowed, true, 'after 300 ms in total (100 + 200) 1.2 tokens are back: fractions must add up');
  assert.equal(limiter.take('k').allowed, false, 'and only one');

  clock.t += 60_000;
  const afterIdle = takeMany(limiter, 'k', 4).map((r) => r.allowed);
  assert.deepEqual(afterIdle, [true, true, true, false], 'after a long idle period the bucket holds capacity (3) tokens, not more');
});

test('a short idle does not overfill a bucket that was not empty', () => {
  const clock = fakeClock();
  const limiter = createTokenBucketLimiter({ capacity: 3, refillPerSecond: 4, now: clock.now }); // full refill: 750 ms
  limiter.take('k'); // 2 tokens left
  clock.t += 700; // earns 2.8 tokens, but the bucket holds at most 3
  const burst = takeMany(limiter, 'k', 4).map((r) => r.allowed);
  assert.deepEqual(burst, [true, true, true, false],
    'after 700 ms the bucket is full (3 tokens), not 2 + 2.8 = 4.8: cap the tokens at capacity on every refill, not only when evicting');
});

test('each key has its own bucket', () => {
  const clock = fakeClock();
  const limiter = createTokenBucketLimiter({ capacity: 2, refillPerSecond: 1, now: clock.now });
  takeMany(limiter, 'alice', 2);
  assert.equal(limiter.take('alice').allowed, false, 'alice used up her 2 tokens');
  assert.equal(limiter.take('bob').allowed, true, "bob's bucket is untouched by alice's requests");
  assert.equal(limiter.take('bob').allowed, true);
  assert.equal(limiter.take('bob').allowed, false, 'bob gets his own 2 tokens, not more');
});

test('retryAfterMs says exactly when the next token arrives, and rejected requests cost nothing', () => {
  const clock = fakeClock();
  const limiter = createTokenBucketLimiter({ capacity: 2, refillPerSecond: 0.5, now: clock.now }); // 1 token per 2 s
  takeMany(limiter, 'k', 2);
  const first = limiter.take('k');
  assert.equal(first.retryAfterMs > 0, true, 'a rejected request should say how long to wait');
  assert.ok(Math.abs(first.retryAfterMs - 2000) <= 1, `an empty bucket refilling 0.5 token/s needs 2000 ms for one token, got ${first.retryAfterMs}`);
  assert.equal(limiter.take('alice-is-fine').retryAfterMs, 0, 'an allowed request has retryAfterMs 0');

  clock.t += 500;
  for (let i = 0; i < 100; i++) limiter.take('k'); // a client hammering while it waits
  const later = limiter.take('k');
  assert.ok(Math.abs(later.retryAfterMs - 1500) <= 1, `500 ms later, 1500 ms remain, got ${later.retryAfterMs}: rejected requests must not take tokens`);

  clock.t += later.retryAfterMs + 1; // 1 ms of slack for floating-point rounding
  assert.equal(limiter.take('k').allowed, true, 'waiting retryAfterMs should be enough');
});

test('idle buckets are evicted, so memory follows the active clients only', () => {
  const clock = fakeClock();
  const limiter = createTokenBucketLimiter({ capacity: 5, refillPerSecond: 1, now: clock.now }); // full refill: 5 s
  for (let i = 0; i < 1000; i++) limiter.take(`ip-${i}`);
  takeMany(limiter, 'busy', 5);
  assert.ok(limiter.size >= 1001, `buckets in use must be kept (a limiter that forgets cannot limit), size is ${limiter.size}`);

  clock.t += 5_001; // every bucket has had time to refill completely
  takeMany(limiter, 'busy', 5);
  assert.equal(limiter.take('busy').allowed, false, "'busy' has used its 5 fresh tokens and must stay limited");
  limiter.take('newcomer');
  assert.ok(
    limiter.size <= 2,
    `after a full refill interval, the 1000 idle buckets should have been dropped during take(); size is ${limiter.size}`,
  );
  assert.equal(limiter.take('busy').allowed, false, "evicting must never forgive a bucket that is not full: 'busy' is still empty");
});

test('a sweep keeps a bucket that was emptied just before it', () => {
  const clock = fakeClock();
  const limiter = createTokenBucketLimiter({ capacity: 5, refillPerSecond: 1, now: clock.now }); // full refill: 5 s
  limiter.take('warm-up');
  clock.t += 4_990;
  takeMany(limiter, 'burst', 5); // empty, 10 ms before a sweep is due
  clock.t += 20; // a sweep may run now; 'burst' has earned 0.02 token, far from full
  limiter.take('someone-else');
  assert.equal(limiter.take('burst').allowed, false,
    "'burst' emptied its bucket 20 ms ago: a sweep may drop only full buckets, or clients get their limit reset for free");
});
