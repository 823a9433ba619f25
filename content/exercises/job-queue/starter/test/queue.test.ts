import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQueue } from '../src/queue.ts';
import type { JobInfo } from '../src/queue.ts';
import { createFakeClock, deferred, flush } from './helpers/fake-clock.ts';
import type { Deferred } from './helpers/fake-clock.ts';

const opts = { timeout: 10_000 };

interface Call {
  payload: unknown;
  id: string;
  attempt: number;
  at: number;
}

/** A handler that fails `failures` times, then succeeds, recording each call. */
function flakyHandler(failures: number, clock: { now(): number }) {
  const calls: Call[] = [];
  const handler = async (payload: unknown, info: JobInfo) => {
    calls.push({ payload, id: info?.id, attempt: info?.attempt, at: clock.now() });
    if (calls.length <= failures) throw new Error(`boom #${calls.length}`);
  };
  return { calls, handler };
}

test('add() starts a job with its payload, id and attempt number before it returns, and runs it once', opts, async () => {
  const clock = createFakeClock();
  const { calls, handler } = flakyHandler(0, clock);
  const queue = createQueue({ handler, clock });

  const added = queue.add('email-1', { to: 'ada@example.com' });
  assert.equal(added, true, 'add() should return true for a new job id');
  assert.equal(calls.length, 1, 'with a free slot the handler should already have been called when add() returns (no timer, no setImmediate)');
  assert.deepEqual(calls[0]!.payload, { to: 'ada@example.com' }, 'the handler should receive the payload given to add()');
  assert.equal(calls[0]!.id, 'email-1', 'the handler should receive { id } as its second argument');
  assert.equal(calls[0]!.attempt, 1, 'the first run should be attempt 1');

  await flush();
  assert.equal(calls.length, 1, 'a job that succeeded must not run again');
  assert.deepEqual(
    queue.stats(),
    { waiting: 0, active: 0, delayed: 0, completed: 1, dead: 0 },
    'after a successful run the job should count as completed and nothing else should be pending',
  );
});

test('adding the same job id twice enqueues it once, even after it completed or died', opts, async () => {
  const clock = createFakeClock();
  const { calls, handler } = flakyHandler(0, clock);
  const queue = createQueue({ handler, clock });

  assert.equal(queue.add('order-42', { n: 1 }), true, 'the first add of an id should return true');
  assert.equal(queue.add('order-42', { n: 2 }), false, 'a second add of the same id should return false (producers retry too)');
  await flush();
  assert.equal(queue.add('order-42', { n: 3 }), false, 'an id that already completed should still be rejected');
  await flush();

  assert.equal(calls.length, 1, `the handler should run once for a duplicated id, it ran ${calls.length} times`);
  assert.deepEqual(calls[0]!.payload, { n: 1 }, 'the payload of the first add should win');
  assert.equal(queue.stats().completed, 1, 'exactly one job should be completed');

  const failing = createQueue({ clock, maxAttempts: 1, handler: async () => { throw new Error('always'); } });
  failing.add('doomed', null);
  await flush();
  assert.equal(failing.deadLetters().length, 1, 'with maxAttempts 1 a failing job is dead after its first attempt');
  assert.equal(failing.add('doomed', null), false, 'an id that is in the dead-letter list should still be rejected');
});

test('retries a failing job after exponential backoff delays', opts, async () => {
  const clock = createFakeClock();
  const { calls, handler } = flakyHandler(Infinity, clock);
  const queue = createQueue({ handler, clock, maxAttempts: 4, backoff: { baseMs: 100, factor: 2 } });

  queue.add('resize-1', {});
  await flush();
  assert.equal(calls.length, 1, 'the first attempt should run immediately');
  assert.deepEqual(
    queue.stats(),
    { waiting: 0, active: 0, delayed: 1, completed: 0, dead: 0 },
    'a failed job with attempts left should be "delayed" while it waits for its backoff',
  );
  assert.equal(queue.add('resize-1', {}), false, 'adding the id of a delayed job again should return false');

  await clock.advance(99);
  assert.equal(calls.length, 1, 'the retry must not run before the 100 ms backoff has passed');
  await clock.advance(1);
  assert.equal(calls.length, 2, 'the retry should run exactly when the 100 ms backoff expires on the injected clock');

  await clock.advance(10_000);
  assert.deepEqual(
    calls.map((c) => c.at),
    [0, 100, 300, 700],
    'attempts should be spaced 100, 200, 400 ms apart (baseMs · factor^(attempt-1))',
  );
  assert.deepEqual(calls.map((c) => c.attempt), [1, 2, 3, 4], 'the handler should see attempt numbers 1, 2, 3, 4');
});

test('caps the delay at maxMs and passes it through the jitter hook', opts, async () => {
  const clock = createFakeClock();
  const { calls, handler } = flakyHandler(Infinity, clock);
  const jitterCalls: Array<[number, number]> = [];
  const queue = createQueue({
    handler,
    clock,
    maxAttempts: 5,
    backoff: {
      baseMs: 1000,
      factor: 3,
      maxMs: 5000,
      // Deterministic "jitter": half of the computed delay.
      jitter: (delayMs, attempt) => {
        jitterCalls.push([delayMs, attempt]);
        return delayMs / 2;
      },
    },
  });

  queue.add('sync-1', {});
  await clock.advance(60_000);

  assert.deepEqual(
    jitterCalls,
    [[1000, 1], [3000, 2], [5000, 3], [5000, 4]],
    'jitter should receive (delay capped at maxMs, number of the failed attempt): 1000, 3000, then 9000 and 27000 capped to 5000',
  );
  assert.deepEqual(
    calls.map((c) => c.at),
    [0, 500, 2000, 4500, 7000],
    'the value returned by jitter should be the delay actually waited',
  );
});

test('moves a job to the dead-letter list after maxAttempts and stops retrying it', opts, async () => {
  const clock = createFakeClock(1_000_000);
  const { calls, handler } = flakyHandler(Infinity, clock);
  const queue = createQueue({ handler, clock, maxAttempts: 3, backoff: { baseMs: 10 } });

  queue.add('webhook-7', { url: 'https://example.com/hook' });
  await clock.advance(1000);

  assert.equal(calls.length, 3, `the handler should run exactly maxAttempts (3) times, it ran ${calls.length}`);
  const dead = queue.deadLetters();
  assert.equal(dead.length, 1, 'the exhausted job should be in the dead-letter list');
  const [letter] = dead;
  assert.equal(letter!.id, 'webhook-7', 'the dead letter should keep the job id');
  assert.deepEqual(letter!.payload, { url: 'https://example.com/hook' }, 'the dead letter should keep the payload, so it can be replayed');
  assert.equal(letter!.attempts, 3, 'the dead letter should record how many attempts were made');
  assert.ok(letter!.error instanceof Error, 'the dead letter should keep the last error');
  assert.match(letter!.error.message, /#3/, 'the error kept should be the one from the last attempt');
  assert.equal(letter!.failedAt, 1_000_030, 'failedAt should be the injected clock\'s time of the last failure (start + 10 + 20)');
  assert.deepEqual(
    queue.stats(),
    { waiting: 0, active: 0, delayed: 0, completed: 0, dead: 1 },
    'a dead-lettered job is neither waiting, active, delayed nor completed',
  );

  await clock.advance(100_000);
  assert.equal(calls.length, 3, 'a dead-lettered job must never run again');
});

test('at-least-once: a job that fails, then succeeds, completes and is not dead-lettered', opts, async () => {
  const clock = createFakeClock();
  const { calls, handler } = flakyHandler(2, clock);
  const queue = createQueue({ handler, clock, maxAttempts: 3, backoff: { baseMs: 50 } });

  queue.add('invoice-1', { amount: 10 });
  await clock.advance(1000);

  assert.equal(calls.length, 3, 'the handler should be called again after each failure');
  assert.ok(calls.every((c) => c.id === 'invoice-1'), 'every retry should carry the same job id, so the handler can deduplicate');
  assert.deepEqual(calls.map((c) => c.attempt), [1, 2, 3], 'each retry should carry the next attempt number');
  assert.equal(queue.stats().completed, 1, 'the job should complete on its third attempt');
  assert.equal(queue.deadLetters().length, 0, 'a job that eventually succeeded must not be dead-lettered');
});

test('a handler that throws synchronously is a failed attempt, not a crash', opts, async () => {
  const clock = createFakeClock();
  let runs = 0;
  const queue = createQueue({
    clock,
    maxAttempts: 2,
    backoff: { baseMs: 10 },
    handler: () => {
      runs += 1;
      throw new Error('not even async');
    },
  });

  assert.doesNotThrow(() => queue.add('sync-throw', null), 'a synchronous throw inside the handler must not escape from add()');
  await clock.advance(100);

  assert.equal(runs, 2, 'a synchronous throw should be retried like a rejection');
  assert.equal(queue.deadLetters().length, 1, 'after maxAttempts it should be dead-lettered');
});

test('never runs more than `concurrency` handlers at once, in the order added, and fills a freed slot right away', opts, async () => {
  const clock = createFakeClock();
  const running = new Map<string, Deferred<void>>();
  let inFlight = 0;
  let maxInFlight = 0;
  const queue = createQueue({
    clock,
    concurrency: 2,
    handler: async (_payload, { id }) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const d = deferred();
      running.set(id, d);
      try {
        await d.promise;
      } finally {
        inFlight -= 1;
      }
    },
  });

  for (const id of ['a', 'b', 'c', 'd', 'e']) queue.add(id, null);
  await flush();
  assert.deepEqual([...running.keys()], ['a', 'b'], 'with concurrency 2, only the first two jobs should start, in order');
  assert.deepEqual(queue.stats(), { waiting: 3, active: 2, delayed: 0, completed: 0, dead: 0 }, 'three jobs should wait');

  running.get('a')?.resolve();
  await flush();
  assert.deepEqual([...running.keys()], ['a', 'b', 'c'], 'when a finishes, the oldest waiting job (c) should start without any new add()');

  for (const id of ['b', 'c', 'd', 'e']) {
    running.get(id)?.resolve();
    await flush();
  }
  assert.deepEqual([...running.keys()], ['a', 'b', 'c', 'd', 'e'], 'jobs should start in the order they were added');
  assert.equal(queue.stats().completed, 5, 'all five jobs should complete');
  assert.equal(maxInFlight, 2, `at most 2 handlers may run at once, saw ${maxInFlight}`);
});

test('a job waiting for its backoff does not hold a concurrency slot', opts, async () => {
  const clock = createFakeClock();
  const started: string[] = [];
  const queue = createQueue({
    clock,
    concurrency: 1,
    maxAttempts: 2,
    backoff: { baseMs: 1000 },
    handler: async (_payload, { id }) => {
      started.push(id);
      if (id === 'flaky') throw new Error('try later');
    },
  });

  queue.add('flaky', null);
  queue.add('healthy', null);
  await flush();
  assert.deepEqual(started, ['flaky', 'healthy'], 'the healthy job should run while the flaky one sleeps through its backoff');
  await clock.advance(1000);
  assert.deepEqual(started, ['flaky', 'healthy', 'flaky'], 'the flaky job should be retried after its backoff');
});

test('a retried job goes to the end of the waiting line, behind the jobs already waiting', opts, async () => {
  const clock = createFakeClock();
  const started: string[] = [];
  const hold = deferred();
  const queue = createQueue({
    clock,
    concurrency: 1,
    maxAttempts: 2,
    backoff: { baseMs: 100 },
    handler: async (_payload, { id, attempt }) => {
      started.push(id);
      if (id === 'flaky' && attempt === 1) throw new Error('try later');
      if (id === 'long') await hold.promise;
    },
  });

  queue.add('flaky', null);
  await flush();
  queue.add('long', null); // takes the only slot and keeps it
  queue.add('c', null);
  queue.add('d', null);
  await clock.advance(100); // flaky's backoff ends while c and d are waiting
  assert.deepEqual(queue.stats(), { waiting: 3, active: 1, delayed: 0, completed: 0, dead: 0 }, 'after its backoff the flaky job should be waiting again');

  hold.resolve();
  await flush();
  assert.deepEqual(started, ['flaky', 'long', 'c', 'd', 'flaky'], 'the retry should queue behind c and d, which were waiting before its backoff ended');
});

test('onIdle() waits for running and delayed jobs, including ones that end in the dead-letter list', opts, async () => {
  const clock = createFakeClock();
  const { handler } = flakyHandler(Infinity, clock);
  const queue = createQueue({ handler, clock, maxAttempts: 2, backoff: { baseMs: 500 } });

  let idle = false;
  queue.add('x', null);
  const done = queue.onIdle().then(() => {
    idle = true;
  });
  await flush();
  assert.equal(idle, false, 'onIdle() must not resolve while a job is waiting for its retry');
  await clock.advance(500);
  await done;
  assert.equal(idle, true, 'onIdle() should resolve once the last attempt failed and the job was dead-lettered');
  await queue.onIdle(); // already idle: must resolve right away
});
