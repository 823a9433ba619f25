// A fake clock for the tests: time only moves when a test calls `advance(ms)`.
// It implements the same three functions the queue gets through its `clock`
// option, so a test can jump over a 30-second backoff in no real time at all.
// (This file has no tests; `node --test` only runs files named *.test.ts.)
import type { Clock } from '../../src/queue.ts';

/**
 * Lets every pending promise callback run. Microtasks always drain before a
 * setImmediate callback, so a few rounds settle any chain of awaits that does
 * not wait on a real timer or real I/O.
 */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface FakeClock extends Clock {
  /** how many timers are scheduled and not yet fired */
  pendingTimers(): number;
  /** moves time forward by `ms`, firing due timers in time order (ties in the order they were scheduled) */
  advance(ms: number): Promise<void>;
}

export function createFakeClock(start = 0): FakeClock {
  let current = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();

  return {
    now: () => current,

    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: current + Math.max(0, ms), fn });
      return id;
    },

    clearTimeout(id) {
      timers.delete(id as number);
    },

    pendingTimers: () => timers.size,

    async advance(ms) {
      const target = current + ms;
      await flush();
      for (;;) {
        let dueId = -1;
        let dueAt = Infinity;
        for (const [id, timer] of timers) {
          if (timer.at <= target && timer.at < dueAt) {
            dueId = id;
            dueAt = timer.at;
          }
        }
        if (dueId === -1) break;
        const timer = timers.get(dueId)!;
        timers.delete(dueId);
        current = timer.at;
        timer.fn();
        await flush();
      }
      current = target;
      await flush();
    },
  };
}

/** A promise with its resolve/reject exposed, so a test decides when a job ends. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
