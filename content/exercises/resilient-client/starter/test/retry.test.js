// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retry, isRetryable, TimeoutError, CircuitOpenError } from '../src/resilience.js';
import { HttpError } from '../src/http.js';

const opts = { timeout: 5000 };

/** A sleep that records the requested delays and returns at once. */
function fakeSleep() {
  /** @type {number[]} */
  const delays = [];
  return { delays, sleep: async (/** @type {number} */ ms) => { delays.push(ms); } };
}

test('retries retryable failures and returns the first success, with full-jitter backoff', opts, async () => {
  const { delays, sleep } = fakeSleep();
  /** @type {number[]} */
  const attempts = [];
  const result = await retry(
    async (attempt) => {
      attempts.push(attempt);
      if (attempt < 4) throw new HttpError(503);
      return 'ok';
    },
    { retries: 3, baseMs: 100, maxMs: 300, random: () => 0.5, sleep },
  );

  assert.equal(result, 'ok', 'retry() should resolve with the value of the first successful attempt');
  assert.deepEqual(attempts, [1, 2, 3, 4], 'fn should receive the attempt number: 1, then 2, 3, 4');
  assert.deepEqual(
    delays,
    [50, 100, 150],
    'full jitter waits random() × min(maxMs, baseMs × 2^n): 0.5 × 100, 0.5 × 200, 0.5 × min(300, 400)',
  );
});

test('gives up after `retries` retries and rejects with the last error', opts, async () => {
  const { delays, sleep } = fakeSleep();
  let calls = 0;
  await assert.rejects(
    retry(
      async () => {
        calls += 1;
        throw Object.assign(new Error(`reset #${calls}`), { code: 'ECONNRESET' });
      },
      { retries: 2, baseMs: 10, random: () => 0, sleep },
    ),
    /reset #3/,
    'after 2 retries (3 attempts) retry() should reject with the error of the last attempt',
  );
  assert.equal(calls, 3, `retries: 2 means 3 attempts in total, got ${calls}`);
  assert.equal(delays.length, 2, 'there is no point waiting after the last attempt');
});

test('does not retry errors that will fail again (4xx, open breaker)', opts, async () => {
  for (const err of [new HttpError(400), new HttpError(404), new CircuitOpenError(), new Error('bug in our code')]) {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    await assert.rejects(
      retry(async () => {
        calls += 1;
        throw err;
      }, { retries: 5, sleep, random: () => 0.5 }),
      (thrown) => thrown === err,
      `${err.name} ${/** @type {any} */ (err).status ?? ''} should be rethrown as is`,
    );
    assert.equal(calls, 1, `${err.name} ${/** @type {any} */ (err).status ?? ''} is not retryable: fn should run once, ran ${calls} times`);
    assert.equal(delays.length, 0, 'no waiting for an error that is not retried');
  }

  const retryable = [new HttpError(503), new HttpError(502), new HttpError(504), new HttpError(429), new TimeoutError(), Object.assign(new Error('x'), { code: 'ECONNREFUSED' })];
  for (const err of retryable) {
    assert.equal(isRetryable(err), true, `isRetryable should say yes to ${err.name} ${/** @type {any} */ (err).status ?? /** @type {any} */ (err).code ?? ''}`);
  }
  const fatal = [new HttpError(400), new HttpError(401), new HttpError(404), new HttpError(422), new CircuitOpenError(), new TypeError('x')];
  for (const err of fatal) {
    assert.equal(isRetryable(err), false, `isRetryable should say no to ${err.name} ${/** @type {any} */ (err).status ?? ''}`);
  }
});
