import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCircuitBreaker, CircuitOpenError } from '../src/resilience.ts';

const opts = { timeout: 20_000 };

/** A fake dependency whose health the test controls, and a fake clock. */
function setup(threshold = 3, resetMs = 1000) {
  const clock = { t: 0 };
  const dep = { healthy: false, calls: 0 };
  const breaker = createCircuitBreaker(
    async (x: string) => {
      dep.calls += 1;
      if (!dep.healthy) throw new Error('dependency down');
      return `ok:${x}`;
    },
    { failureThreshold: threshold, resetMs, now: () => clock.t },
  );
  return { clock, dep, breaker };
}

const failsFast = (p: Promise<unknown>) => assert.rejects(p, (err) => err instanceof CircuitOpenError, 'an open breaker should reject with CircuitOpenError');

test('opens after `failureThreshold` consecutive failures, then fails fast without calling the dependency', opts, async () => {
  const { dep, breaker } = setup(3);
  assert.equal(breaker.state(), 'closed', 'a new breaker starts closed');
  await assert.rejects(breaker.call('a'), /dependency down/, 'while closed, the real error should pass through');
  await assert.rejects(breaker.call('a'), /dependency down/);
  assert.equal(breaker.state(), 'closed', 'two failures are below the threshold of 3');
  await assert.rejects(breaker.call('a'), /dependency down/);
  assert.equal(breaker.state(), 'open', 'the third consecutive failure should open the breaker');

  dep.healthy = true;
  await failsFast(breaker.call('a'));
  await failsFast(breaker.call('a'));
  assert.equal(dep.calls, 3, 'while open, calls must not reach the dependency at all');
});

test('a success resets the count: only failures in a row open the breaker', opts, async () => {
  const { dep, breaker } = setup(3);
  await breaker.call('x').catch(() => {});
  await breaker.call('x').catch(() => {});
  dep.healthy = true;
  assert.equal(await breaker.call('x'), 'ok:x', 'a closed breaker should return the result');
  dep.healthy = false;
  await breaker.call('x').catch(() => {});
  await breaker.call('x').catch(() => {});
  assert.equal(breaker.state(), 'closed', 'fail, fail, succeed, fail, fail is not 3 failures in a row');
  await breaker.call('x').catch(() => {});
  assert.equal(breaker.state(), 'open', 'the third failure in a row should open it');
});

test('after resetMs it lets ONE trial call through: success closes it, failure reopens it', opts, async () => {
  const { clock, dep, breaker } = setup(2, 1000);
  await breaker.call('x').catch(() => {});
  await breaker.call('x').catch(() => {}); // opens at t = 0
  clock.t = 999;
  assert.equal(breaker.state(), 'open', 'still open 1 ms before resetMs');
  await failsFast(breaker.call('x'));

  clock.t = 1000;
  assert.equal(breaker.state(), 'half-open', 'once resetMs has passed the breaker should be half-open');
  // The trial fails: back to open, and the wait starts again from now.
  await assert.rejects(breaker.call('x'), /dependency down/, 'the trial call should reach the dependency');
  assert.equal(breaker.state(), 'open', 'a failed trial should reopen the breaker');
  clock.t = 1500;
  assert.equal(breaker.state(), 'open', 'the trial failed at t = 1000, so the breaker stays open until t = 2000');
  await failsFast(breaker.call('x'));
  const callsSoFar = dep.calls;

  clock.t = 2000;
  dep.healthy = true;
  const trial = breaker.call('trial');
  await failsFast(breaker.call('concurrent')); // made while the trial is in flight
  assert.equal(await trial, 'ok:trial', 'the trial call should return its result');
  assert.equal(dep.calls, callsSoFar + 1, 'only the trial may reach the dependency while half-open');
  assert.equal(breaker.state(), 'closed', 'a successful trial should close the breaker');
  assert.equal(await breaker.call('y'), 'ok:y', 'and calls flow normally again');
});
