// @ts-check
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../src/client.js';
import { CircuitOpenError, TimeoutError } from '../src/resilience.js';
import { startFaultServer } from './helpers/fault-server.js';

const opts = { timeout: 5000 };

/** @type {Awaited<ReturnType<typeof startFaultServer>>} */
let fault;
before(async () => {
  fault = await startFaultServer();
});
after(() => fault.close());

/** Waiting between retries is injected and instant: the tests stay fast. */
const noWait = async () => {};

test('retries 503s until the service answers, and does not retry a 400', opts, async () => {
  const client = createClient({
    baseUrl: fault.url, deadlineMs: 1000, retries: 3, baseMs: 10, random: () => 0.5, sleep: noWait, failureThreshold: 10,
  });

  fault.plan({ status: 503 }, { status: 503, delayMs: 20 }, { status: 200, body: { id: 7, name: 'Ada' }, delayMs: 20 });
  const before = fault.hits;
  const user = await client.get('/users/7');
  assert.deepEqual(user, { id: 7, name: 'Ada' }, 'the client should return the body of the first successful answer');
  assert.equal(fault.hits - before, 3, 'two 503s and one 200: the server should see exactly 3 requests');

  fault.plan({ status: 400, body: { error: 'bad id' } });
  const before400 = fault.hits;
  await assert.rejects(client.get('/users/oops'), (err) => /** @type {any} */ (err).status === 400, 'a 400 should reject with the HttpError (status 400)');
  assert.equal(fault.hits - before400, 1, 'a 400 will fail the same way every time: it must not be retried');
  assert.equal(client.state(), 'closed', 'a few failures below the threshold leave the breaker closed');
});

test('gives up on a hanging service by its deadlines, opens the breaker, fails fast, then recovers', opts, async () => {
  let now = 0;
  const client = createClient({
    baseUrl: fault.url, deadlineMs: 150, retries: 2, baseMs: 10, random: () => 0.5, sleep: noWait,
    failureThreshold: 3, resetMs: 30_000, now: () => now,
  });

  fault.plan({ hang: true }, { hang: true }, { hang: true });
  const abortedBefore = fault.aborted;
  const hitsBefore = fault.hits;
  const started = Date.now();
  await assert.rejects(client.get('/slow'), (err) => err instanceof TimeoutError, 'three hanging attempts should end in a TimeoutError');
  const elapsed = Date.now() - started;
  assert.equal(fault.hits - hitsBefore, 3, 'each of the 3 attempts (1 + 2 retries) should reach the server');
  assert.ok(elapsed < 2000, `3 attempts with a 150 ms deadline should give up in well under 2 s, took ${elapsed} ms`);
  assert.equal(await fault.waitForAborted(abortedBefore + 3), abortedBefore + 3, 'every timed-out attempt should close its connection');
  assert.equal(client.state(), 'open', '3 failed attempts reach the failureThreshold of 3: the breaker should be open');

  const hitsWhileOpen = fault.hits;
  const fastStart = Date.now();
  await assert.rejects(client.get('/slow'), (err) => err instanceof CircuitOpenError, 'while open, the client should fail fast with CircuitOpenError');
  assert.equal(fault.hits, hitsWhileOpen, 'while open, no request may reach the struggling service (and CircuitOpenError is not retried)');
  assert.ok(Date.now() - fastStart < 1000, 'failing fast means not waiting for any deadline');

  now += 30_000; // resetMs later, on the injected clock
  assert.equal(client.state(), 'half-open', 'after resetMs the breaker should be half-open');
  fault.plan({ status: 200, body: { recovered: true } });
  assert.deepEqual(await client.get('/slow'), { recovered: true }, 'the trial request should go through and succeed');
  assert.equal(client.state(), 'closed', 'a successful trial should close the breaker');
});
