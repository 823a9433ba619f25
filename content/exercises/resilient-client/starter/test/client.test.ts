import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../src/client.ts';
import { CircuitOpenError, TimeoutError } from '../src/resilience.ts';
import { HttpError } from '../src/http.ts';
import { startFaultServer } from './helpers/fault-server.ts';
import type { FaultServer } from './helpers/fault-server.ts';

// Generous limits: a busy machine must not make a correct client fail.
const opts = { timeout: 30_000 };

let fault: FaultServer;
before(async () => {
  fault = await startFaultServer();
});
after(() => fault.close());

/** Waiting between retries is injected and instant: the tests stay fast. */
const noWait = async () => {};

test('retries 503s until the service answers, and does not retry a 400', opts, async () => {
  const client = createClient({
    baseUrl: fault.url, deadlineMs: 5000, retries: 3, baseMs: 10, random: () => 0.5, sleep: noWait, failureThreshold: 10,
  });

  fault.plan({ status: 503 }, { status: 503, delayMs: 20 }, { status: 200, body: { id: 7, name: 'Ada' }, delayMs: 20 });
  const hitsBefore = fault.hits;
  const user = await client.get('/users/7');
  assert.deepEqual(user, { id: 7, name: 'Ada' }, 'the client should return the body of the first successful answer');
  assert.equal(fault.hits - hitsBefore, 3, 'two 503s and one 200: the server should see exactly 3 requests');

  fault.plan({ status: 400, body: { error: 'bad id' } });
  const before400 = fault.hits;
  await assert.rejects(client.get('/users/oops'), (err) => err instanceof HttpError && err.status === 400, 'a 400 should reject with the HttpError (status 400)');
  assert.equal(fault.hits - before400, 1, 'a 400 will fail the same way every time: it must not be retried');
  assert.equal(client.state(), 'closed', 'a few failures below the threshold leave the breaker closed');
});

test('one breaker per client: failures of separate calls add up and open it', opts, async () => {
  const client = createClient({
    baseUrl: fault.url, deadlineMs: 5000, retries: 0, sleep: noWait, failureThreshold: 3, resetMs: 30_000, now: () => 0,
  });
  fault.plan({ status: 503 }, { status: 503 }, { status: 503 });
  for (const path of ['/a', '/b', '/c']) {
    await assert.rejects(client.get(path), (err) => err instanceof HttpError && err.status === 503, 'with retries: 0, each call gets the 503');
  }
  assert.equal(client.state(), 'open', 'three calls failed in a row on one client: its one shared breaker should be open');
  const hits = fault.hits;
  await assert.rejects(client.get('/d'), (err) => err instanceof CircuitOpenError, 'the next call should fail fast with CircuitOpenError');
  assert.equal(fault.hits, hits, 'while the shared breaker is open, no call reaches the service');
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
  await assert.rejects(client.get('/slow'), (err) => err instanceof TimeoutError, 'three hanging attempts should end in a TimeoutError');
  assert.equal(fault.hits - hitsBefore, 3, 'each of the 3 attempts (1 + 2 retries) should reach the server: retry is the outermost layer');
  assert.equal(await fault.waitForAborted(abortedBefore + 3), abortedBefore + 3, 'every timed-out attempt should close its connection');
  assert.equal(client.state(), 'open',
    '3 failed attempts reach the failureThreshold of 3: the breaker sits inside the retry loop, sees every attempt, and should be open');

  const hitsWhileOpen = fault.hits;
  await assert.rejects(client.get('/slow'), (err) => err instanceof CircuitOpenError, 'while open, the client should fail fast with CircuitOpenError');
  assert.equal(fault.hits, hitsWhileOpen, 'while open, no request may reach the struggling service (and CircuitOpenError is not retried)');

  now += 30_000; // resetMs later, on the injected clock
  assert.equal(client.state(), 'half-open', 'after resetMs the breaker should be half-open');
  fault.plan({ status: 200, body: { recovered: true } });
  assert.deepEqual(await client.get('/slow'), { recovered: true }, 'the trial request should go through and succeed');
  assert.equal(client.state(), 'closed', 'a successful trial should close the breaker');
});
