import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { withDeadline, TimeoutError } from '../src/resilience.ts';
import { getJson } from '../src/http.ts';
import { startFaultServer } from './helpers/fault-server.ts';
import type { FaultServer } from './helpers/fault-server.ts';

// Deadlines race real timers against a real socket. The bounds below are generous on purpose: a
// busy machine delays timers, and a test must not fail because the computer was slow.
const opts = { timeout: 30_000 };

let fault: FaultServer;
before(async () => {
  fault = await startFaultServer();
});
after(() => fault.close());

test('passes through the result or the error of work that finishes in time, and never aborts it later', opts, async () => {
  let seen: AbortSignal | undefined;
  const value = await withDeadline(async (signal) => {
    seen = signal;
    await sleep(5);
    return 42;
  }, 200);
  assert.equal(value, 42, 'withDeadline should resolve with the value of fn');
  assert.ok(seen instanceof AbortSignal, 'fn should receive an AbortSignal');

  const boom = new Error('upstream said no');
  await assert.rejects(withDeadline(async () => { throw boom; }, 200), (err) => err === boom, 'an error from fn should pass through unchanged');

  await sleep(400); // well past the 200 ms deadline
  assert.equal(seen?.aborted, false, 'the signal must not abort after fn already finished: clear the timer when fn settles');

  const fromHttp = await withDeadline((signal) => getJson(`${fault.url}/fast`, { signal }), 5000);
  assert.deepEqual(fromHttp, { ok: true }, 'a fast HTTP call should go through');
});

test('rejects with TimeoutError at the deadline and aborts the hanging request', opts, async () => {
  fault.plan({ hang: true });
  const abortedBefore = fault.aborted;
  const started = Date.now();
  await assert.rejects(
    withDeadline((signal) => getJson(`${fault.url}/hang`, { signal }), 150),
    (err) => err instanceof TimeoutError,
    'a call to a server that never answers should reject with TimeoutError',
  );
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 140, `the deadline is 150 ms: it must not give up early, gave up after ${elapsed} ms`);
  assert.equal(await fault.waitForAborted(abortedBefore + 1), abortedBefore + 1,
    'the signal must abort the underlying request: the server should see the connection closed');

  await assert.rejects(
    withDeadline(() => new Promise(() => {}), 100),
    (err) => err instanceof TimeoutError,
    'work that ignores the signal and never settles must still be cut off by the deadline',
  );
});
