import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createCachedLoader } from '../src/cached-loader.ts';

/** A clock that only moves when the test says so. */
function fakeClock(start = 1_000_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

/**
 * A loader that records its calls. By default it answers `${key}#${n}` where n counts calls,
 * so a test can tell a fresh load from a cached value.
 */
function spyLoader(impl: (key: string, n: number) => Promise<unknown> = async (key, n) => `${key}#${n}`) {
  const calls: string[] = [];
  const load = (key: string) => {
    calls.push(key);
    return impl(key, calls.length);
  };
  return { load, calls };
}

/** A promise the test resolves or rejects by hand, to hold a load "in flight". */
function deferred() {
  let resolve: (value: any) => void = (): void => {};
  let reject: (err: unknown) => void = (): void => {};
  const promise: Promise<any> = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('a miss calls load, a hit does not', async () => {
  const clock = fakeClock();
  const { load, calls } = spyLoader();
  const cache = createCachedLoader({ load, ttlMs: 1000, now: clock.now });

  assert.equal(await cache.get('user:1'), 'user:1#1', 'a miss should return what load returns');
  assert.deepEqual(calls, ['user:1'], 'a miss should call load once, with the key');
  assert.equal(await cache.get('user:1'), 'user:1#1', 'a hit should return the stored value');
  assert.equal(calls.length, 1, 'a hit inside the TTL should not call load again');
  assert.equal(await cache.get('user:2'), 'user:2#2', 'another key is another miss');
  assert.equal(cache.size, 2, 'size should count the stored values');
});

test('a value expires exactly ttlMs after it was stored', async () => {
  const clock = fakeClock();
  const { load, calls } = spyLoader();
  const cache = createCachedLoader({ load, ttlMs: 1000, now: clock.now });

  await cache.get('k');
  clock.t += 999;
  assert.equal(await cache.get('k'), 'k#1', '1 ms before the TTL ends, the cached value should still be served');
  clock.t += 1;
  assert.equal(await cache.get('k'), 'k#2', 'once ttlMs has passed, the value should be loaded again');
  assert.equal(calls.length, 2, 'exactly one reload after expiry');
  assert.equal(await cache.get('k'), 'k#2', 'the reloaded value should be cached in turn');
  assert.equal(calls.length, 2);
});

test('the TTL counts from when the load resolved, not from when it started', async () => {
  const clock = fakeClock();
  const pending = deferred();
  const { load, calls } = spyLoader(() => pending.promise);
  const cache = createCachedLoader({ load, ttlMs: 1000, now: clock.now });

  const first = cache.get('slow');
  clock.t += 800; // a slow query: 800 ms pass before it answers
  pending.resolve('slow value');
  assert.equal(await first, 'slow value');
  clock.t += 999;
  assert.equal(await cache.get('slow'), 'slow value', 'the value was stored when the load resolved, 999 ms ago: it is still fresh');
  assert.equal(calls.length, 1, 'a value stored 999 ms ago with ttlMs 1000 must not be loaded again');
});

test('100 concurrent gets for a cold key cause exactly one load', { timeout: 5000 }, async () => {
  const pending = deferred();
  const { load, calls } = spyLoader(() => pending.promise);
  const cache = createCachedLoader({ load, ttlMs: 1000, now: fakeClock().now });

  const gets = Array.from({ length: 100 }, () => cache.get('hot'));
  await nextTurn();
  assert.equal(calls.length, 1, `100 simultaneous misses should share one load (no stampede), but load ran ${calls.length} times`);
  pending.resolve({ id: 'hot' });
  const values = await Promise.all(gets);
  assert.ok(values.every((v) => v === values[0]), 'every caller should receive the very same value');
  assert.equal(calls.length, 1);
});

test('when a hot key expires, concurrent gets reload it once', { timeout: 5000 }, async () => {
  const clock = fakeClock();
  const { load, calls } = spyLoader();
  const cache = createCachedLoader({ load, ttlMs: 1000, now: clock.now });

  await cache.get('hot');
  clock.t += 5000;
  const values = await Promise.all(Array.from({ length: 50 }, () => cache.get('hot')));
  assert.equal(calls.length, 2, `after expiry, 50 simultaneous gets should trigger one reload, but load ran ${calls.length - 1} times`);
  assert.ok(values.every((v) => v === 'hot#2'), 'every caller should get the reloaded value');
});

test('errors are shared by concurrent callers but never cached', { timeout: 5000 }, async () => {
  const failure = new Error('database timeout');
  let fail = true;
  const pending = deferred();
  const { load, calls } = spyLoader(async (key) => {
    if (fail) return pending.promise;
    return `${key}:ok`;
  });
  const cache = createCachedLoader({ load, ttlMs: 1000, now: fakeClock().now });

  const gets = Array.from({ length: 10 }, () => cache.get('k'));
  await nextTurn();
  pending.reject(failure);
  const results = await Promise.allSettled(gets);
  assert.equal(calls.length, 1, 'concurrent callers should share the one failing load');
  assert.ok(
    results.every((r) => r.status === 'rejected' && r.reason === failure),
    'every caller of the failed load should get its rejection',
  );
  assert.equal(cache.size, 0, 'a failed load should not store anything');

  fail = false;
  assert.equal(await cache.get('k'), 'k:ok', 'the next get after a failure should try again, not replay the error');
  assert.equal(calls.length, 2);

  const throwing = createCachedLoader({
    load: () => {
      throw failure;
    },
    ttlMs: 1000,
    now: fakeClock().now,
  });
  await assert.rejects(throwing.get('x'), failure, 'a loader that throws synchronously should give a rejected promise, not a throw');
});

test('delete forgets a value, even one that is still loading', { timeout: 5000 }, async () => {
  const { load, calls } = spyLoader();
  const cache = createCachedLoader({ load, ttlMs: 60_000, now: fakeClock().now });

  await cache.get('price');
  await cache.get('price');
  assert.equal(calls.length, 1, 'a second get inside the TTL should be a hit');
  cache.delete('price');
  assert.equal(await cache.get('price'), 'price#2', 'after delete, the next get should load again');

  // The product is updated while a load is in flight: that load may have read the old price.
  const old = deferred();
  const racing = spyLoader(async (key, n) => (n === 1 ? old.promise : `${key}:new`));
  const cache2 = createCachedLoader({ load: racing.load, ttlMs: 60_000, now: fakeClock().now });
  const early = cache2.get('price');
  await nextTurn();
  cache2.delete('price');
  old.resolve('price:old');
  assert.equal(await early, 'price:old', 'the caller who started the old load still gets its result');
  assert.equal(await cache2.get('price'), 'price:new', 'a load that was running when delete() was called must not put its (possibly stale) value in the cache');

  cache.clear();
  assert.equal(cache.size, 0, 'clear should empty the cache');
  await cache.get('price');
  assert.equal(calls.length, 3, 'after clear, the next get should load again');
});

test('falsy values are cached like any other', async () => {
  const values = { zero: 0, empty: '', nothing: null, no: false };
  const { load, calls } = spyLoader(async (key) => values[(key as keyof typeof values)]);
  const cache = createCachedLoader({ load, ttlMs: 1000, now: fakeClock().now });

  for (const key of Object.keys(values)) {
    await cache.get(key);
    const again = await cache.get(key);
    assert.equal(again, values[(key as keyof typeof values)], `the cached value for ${key} should be returned as is`);
  }
  assert.equal(calls.length, 4, `0, '', null and false are real answers ("no stock", "not found") and should be cached, but load ran ${calls.length} times for 4 keys`);
});

test('jitter shortens each TTL by a random part of at most `jitter`', async () => {
  const clock = fakeClock();
  const randoms = [0, 0.5, 0.999];
  const { load, calls } = spyLoader();
  const cache = createCachedLoader({ load, ttlMs: 1000, jitter: 0.2, random: () => (randoms.shift() as number), now: clock.now });

  await cache.get('a'); // random 0     → TTL 1000 ms
  await cache.get('b'); // random 0.5   → TTL  900 ms
  await cache.get('c'); // random 0.999 → TTL ~800 ms
  clock.t += 790;
  await Promise.all([cache.get('a'), cache.get('b'), cache.get('c')]);
  assert.equal(calls.length, 3, 'no TTL may be shorter than ttlMs × (1 − jitter) = 800 ms');

  clock.t += 20; // 810 ms
  await Promise.all([cache.get('a'), cache.get('b')]);
  assert.deepEqual(calls.slice(3), [], 'a and b should still be fresh at 810 ms');
  assert.equal(await cache.get('c'), 'c#4', 'c, with the biggest random draw (TTL about 800 ms), should have expired at 810 ms');

  clock.t += 100; // 910 ms
  assert.equal(await cache.get('b'), 'b#5', 'b (TTL 900 ms with random 0.5) should have expired at 910 ms');
  assert.equal(await cache.get('a'), 'a#1', 'a (random 0) should keep the full TTL of 1000 ms');
});

test('maxEntries bounds memory by evicting the least recently used value', async () => {
  const { load, calls } = spyLoader();
  const cache = createCachedLoader({ load, ttlMs: 60_000, maxEntries: 2, now: fakeClock().now });

  await cache.get('a');
  await cache.get('b');
  await cache.get('a'); // a is now more recently used than b
  await cache.get('c'); // over the limit: b goes
  assert.equal(cache.size, 2, 'the cache should never hold more than maxEntries values');
  assert.equal(calls.length, 3);

  await cache.get('a');
  assert.equal(calls.length, 3, 'a was used recently and should still be cached');
  await cache.get('b');
  assert.equal(calls.length, 4, 'b was the least recently used and should have been evicted');
  assert.equal(cache.size, 2);
});
