import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createLoader } from '../src/loader.ts';

/** A batch function that records every call and answers `impl(key)` for each key, in key order. */
function spyBatch<V>(impl: (key: string, call: number) => V | Error) {
  const calls: string[][] = [];
  const batchFn = async (keys: string[]): Promise<Array<V | Error>> => {
    calls.push([...keys]);
    const call = calls.length;
    return keys.map((key) => impl(key, call));
  };
  return { batchFn, calls };
}

type Outcome = { ok: true, value: unknown } | { ok: false, error: any };

/** Settles a promise into a plain value so a test can inspect failures without try/catch. */
function outcome(promise: Promise<unknown>): Promise<Outcome> {
  return promise.then(
    (value): Outcome => ({ ok: true, value }),
    (error): Outcome => ({ ok: false, error }),
  );
}

test('load() calls made in the same tick are sent to the batch function once, and each gets its own value', { timeout: 5000 }, async () => {
  const { batchFn, calls } = spyBatch((key) => `value of ${key}`);
  const loader = createLoader(batchFn);

  const values = await Promise.all(['c', 'a', 'b'].map((key) => loader.load(key)));

  assert.equal(calls.length, 1, `three loads in the same tick should make exactly one batch call, got ${calls.length}: ${JSON.stringify(calls)}`);
  assert.deepEqual(calls[0], ['c', 'a', 'b'], 'the batch should contain the keys in the order they were requested');
  assert.deepEqual(values, ['value of c', 'value of a', 'value of b'], 'each load() should resolve with the result at its key\'s position in the batch');
});

test('a key requested several times in one tick is sent once, and every caller gets the value', { timeout: 5000 }, async () => {
  const { batchFn, calls } = spyBatch((key) => ({ id: key }));
  const loader = createLoader(batchFn);

  const [first, second, other, third] = await Promise.all([
    loader.load('author:7'),
    loader.load('author:7'),
    loader.load('author:9'),
    loader.load('author:7'),
  ]);

  assert.equal(calls.length, 1, 'duplicate keys in one tick should still make a single batch call');
  assert.deepEqual(calls[0], ['author:7', 'author:9'], 'each key should appear in the batch only once, or the query asks the database for the same row twice');
  assert.deepEqual(first, { id: 'author:7' }, 'the first caller should get the value for author:7');
  assert.equal(second, first, 'every caller of the same key should get the very same value (one load, shared)');
  assert.equal(third, first, 'every caller of the same key should get the very same value (one load, shared)');
  assert.deepEqual(other, { id: 'author:9' }, 'the other key should get its own value');
});

test('loads in separate ticks make separate batches, and keys already loaded are served from the cache', { timeout: 5000 }, async () => {
  const { batchFn, calls } = spyBatch((key, call) => `${key} from batch ${call}`);
  const loader = createLoader(batchFn);

  const a = loader.load('a');
  const b = loader.load('b');
  await nextTurn(); // the event loop moves on: that tick is over
  const c = loader.load('c');
  const aAgain = loader.load('a');

  assert.deepEqual(await Promise.all([a, b]), ['a from batch 1', 'b from batch 1'], 'a and b were requested together and should come from the first batch');
  assert.equal(await c, 'c from batch 2', 'c was requested in a later tick and should come from a second batch');
  assert.equal(await aAgain, 'a from batch 1', 'a was already loaded: this loader should answer it from its cache');
  assert.deepEqual(calls, [['a', 'b'], ['c']], 'expected two batches, [a, b] then [c]; a key that is cached must not be fetched again');

  await nextTurn();
  assert.equal(await loader.load('b'), 'b from batch 1', 'a cached key should keep coming from the cache in later ticks too');
  assert.equal(calls.length, 2, 'loading only cached keys should not call the batch function at all');
});

test('each loader has its own cache', { timeout: 5000 }, async () => {
  const { batchFn, calls } = spyBatch((key, call) => `${key} from batch ${call}`);
  const first = createLoader(batchFn);
  const second = createLoader(batchFn);

  assert.equal(await first.load('x'), 'x from batch 1', 'the first loader should load x');
  assert.equal(await second.load('x'), 'x from batch 2', 'a second loader (think: the next request) must not reuse the first loader\'s cache');
  assert.equal(calls.length, 2, 'two loaders should make their own batches');
});

test('an Error returned for one key rejects only that key, and is not cached', { timeout: 5000 }, async () => {
  let attempt = 0;
  const { batchFn, calls } = spyBatch((key) => {
    if (key === 'broken') {
      attempt++;
      return attempt === 1 ? new Error('row is corrupt') : 'repaired';
    }
    return key.toUpperCase();
  });
  const loader = createLoader(batchFn);

  const [good, broken, alsoGood] = await Promise.all(['ok', 'broken', 'fine'].map((key) => outcome(loader.load(key))));

  assert.equal(calls.length, 1, 'the three keys should still be loaded in one batch');
  assert.deepEqual(good, { ok: true, value: 'OK' }, 'a key before the failing one should still resolve');
  assert.deepEqual(alsoGood, { ok: true, value: 'FINE' }, 'a key after the failing one should still resolve');
  assert.equal(broken.ok, false, 'the key whose result is an Error should reject');
  assert.equal(broken.ok ? undefined : broken.error.message, 'row is corrupt', 'it should reject with the very Error the batch function returned for it');

  await nextTurn();
  assert.equal(await loader.load('broken'), 'repaired', 'a key that failed should not stay cached: loading it again in a later tick should retry');
  assert.equal(await loader.load('ok'), 'OK', 'keys that succeeded should still be cached');
  assert.deepEqual(calls, [['ok', 'broken', 'fine'], ['broken']], 'the retry should fetch only the key that had failed');
});

test('when the whole batch fails, or returns the wrong number of results, every load in it rejects', { timeout: 5000 }, async () => {
  const outage = new Error('connection reset');
  let calls = 0;
  const loader = createLoader(async (keys: string[]): Promise<Array<string | Error>> => {
    calls++;
    if (calls === 1) throw outage;
    if (calls === 2) return keys.slice(1); // one result short: a bug in the batch function
    return keys.map((key) => `${key}!`);
  });

  const first = await Promise.all(['a', 'b'].map((key) => outcome(loader.load(key))));
  for (const result of first) {
    assert.equal(result.ok, false, 'when the batch function rejects, every load in the batch should reject (none may hang or resolve)');
    assert.equal(result.ok ? undefined : result.error, outage, 'they should reject with the error the batch function threw');
  }

  await nextTurn();
  const second = await Promise.all(['a', 'b'].map((key) => outcome(loader.load(key))));
  for (const result of second) {
    assert.equal(result.ok, false, 'when the batch function returns fewer results than keys, the results cannot be matched to keys: every load should reject');
    assert.ok(!result.ok && result.error instanceof Error, 'the rejection should be an Error explaining the mismatch');
  }

  await nextTurn();
  assert.deepEqual(
    await Promise.all([loader.load('a'), loader.load('b')]),
    ['a!', 'b!'],
    'failed keys should not be cached: once the batch function works again, the same keys should load',
  );
});
