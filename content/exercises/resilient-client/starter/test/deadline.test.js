// @ts-check
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { withDeadline, TimeoutError } from '../src/resilience.js';
import { getJson } from '../src/http.js';
import { startFaultServer } from './helpers/fault-server.js';

const opts = { timeout: 5000 };

/** @type {Awaited<ReturnType<typeof startFaultServer>>} */
let fault;
before(async () => {
  fault = await startFaultServer();
});
after(() => fault.close());

test('passes through the result or the error of work that finishes in time, and never aborts it later', opts, async () => {
  /** @type {AbortSignal | undefined} */
  let seen;
  const value = await withDeadline(async (signal) => {
    seen = signal;
    await sleep(5);
    return 42;
  }, 100);
  assert.equal(value, 42, 'withDeadline should resolve with the value of fn');
  assert.ok(seen instanceof AbortSignal, 'fn should receive an AbortSignal');

  const boom = new Error('upstream said no');
  await assert.rejects(withDeadline(async () => { throw boom; }, 100), (err) => err === boom, 'an error from fn should pass through unchanged');

  await sleep(150); // past the 100 ms deadline
  assert.equal(seen?.aborted, false, 'the signal must not abort after fn already finished: clear the timer when fn settles');

  const fromHttp = await withDeadline((signal) => getJson(`${fault.url}/fast`, { signal }), 1000);
  assert.deepEqual(fromHttp, { ok: true }, 'a fast HTTP call should go through');
});

test('rejects with TimeoutError at the deadline and aborts the hanging request', opts, async () => {
  fault.plan({ hang: true });
  const started = Date.now();
  await assert.rejects(
    withDeadline((signal) => getJson(`${fault.url}/hang`, { signal }), 150),
    (err) => err instanceof TimeoutError,
    'a call to a server that never answers should reject with TimeoutError',
  );
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 100 && elapsed < 1500, `it should give up at about 150 ms, took ${elapsed} ms`);
  assert.equal(await fault.waitForAborted(1), 1, 'the signal must abort the underlying request: the server should see the connection closed');

  const started2 = Date.now();
  await assert.rejects(
    withDeadline(() => new Promise(() => {}), 100),
    (err) => err instanceof TimeoutError,
    'work that ignores the signal and never settles must still be cut off by the deadline',
  );
  assert.ok(Date.now() - started2 < 1500, 'the caller must be released at the deadline, not when the work decides to stop');
});
