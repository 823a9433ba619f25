import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retry, isRetryable, TimeoutError, CircuitOpenError } from '../src/resilience.ts';
import { HttpError } from '../src/http.ts';

// Generous: on a busy machine a test that should take milliseconds can still take seconds.
const opts = { timeout: 20_000 };

/** A sleep that records the requested delays and returns at once. */
function fakeSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => { delays.push(ms); } };
}

const describe = (err: Error) => `${err.name} ${(err as { status?: number, code?: string }).status ?? (err as { code?: string }).code ?? ''}`.trim();

test('retries retryable failures and returns the first success, with full-jitter backoff', opts, async () => {
  const { delays, sleep } = fakeSleep();
  const attempts: number[] = [];
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
    'full jitter waits random() × min(maxMs, baseMs × 2^n): 0.5 × 100, 0.5 × 200, 0.5 × min(300, 400); wait only through the injected sleep',
  );

  const low = fakeSleep();
  await retry(async (attempt) => { if (attempt < 3) throw new HttpError(503); return 'ok'; }, { baseMs: 100, random: () => 0.1, sleep: low.sleep });
  assert.deepEqual(low.delays.map(Math.round), [10, 20], 'the wait is random() times the ceiling (0.1 × 100, 0.1 × 200), not the ceiling itself');
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

test('does not retry errors that will fail again (4xx, open breaker, a bug)', opts, async () => {
  for (const err of [new HttpError(400), new HttpError(404), new CircuitOpenError(), new Error('bug in our code')]) {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    await assert.rejects(
      retry(async () => {
        calls += 1;
        throw err;
      }, { retries: 5, sleep, random: () => 0.5 }),
      (thrown) => thrown === err,
      `${describe(err)} should be rethrown as it is`,
    );
    assert.equal(calls, 1, `${describe(err)} is not retryable: fn should run once, ran ${calls} times`);
    assert.equal(delays.length, 0, 'no waiting for an error that is not retried');
  }
});

test('isRetryable: timeouts, 408/429/5xx gateway statuses and transient network codes only', opts, () => {
  const retryable = [
    new HttpError(408), new HttpError(429), new HttpError(500), new HttpError(502), new HttpError(503), new HttpError(504), new TimeoutError(),
    ...['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].map((code) => Object.assign(new Error(code), { code })),
  ];
  for (const err of retryable) assert.equal(isRetryable(err), true, `isRetryable should say yes to ${describe(err)}`);
  const fatal = [
    new HttpError(400), new HttpError(401), new HttpError(403), new HttpError(404), new HttpError(422), new HttpError(501),
    new CircuitOpenError(), new TypeError('x'), Object.assign(new Error('no such host'), { code: 'ENOTFOUND' }),
  ];
  for (const err of fatal) assert.equal(isRetryable(err), false, `isRetryable should say no to ${describe(err)}`);
});
