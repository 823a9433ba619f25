// @ts-check
// A fake clock for the tests: time only moves when a test calls `advance(ms)`.
// It implements the same three functions the queue gets through its `clock`
// option, so a test can jump over a 30-second backoff in no real time at all.
// (This file lives under test/, so `npm test` also loads it; it has no tests.)

/**
 * Let every pending promise callback run. Microtasks always drain before a
 * setImmediate callback, so a few rounds settle any chain of awaits that does
 * not wait on a real timer or real I/O.
 */
export async function flush() {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * @param {number} [start] the initial time in milliseconds
 */
export function createFakeClock(start = 0) {
  let current = start;
  let nextId = 1;
  /** @type {Map<number, { at: number, fn: () => void }>} */
  const timers = new Map();

  return {
    now: () => current,

    /**
     * @param {() => void} fn
     * @param {number} ms
     */
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: current + Math.max(0, ms), fn });
      return id;
    },

    /** @param {unknown} id */
    clearTimeout(id) {
      timers.delete(/** @type {number} */ (id));
    },

    /** How many timers are scheduled and not yet fired. */
    pendingTimers: () => timers.size,

    /**
     * Move time forward by `ms`, firing due timers in time order (ties in the
     * order they were scheduled) and letting promises settle after each one.
     * @param {number} ms
     */
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
        const timer = /** @type {{ at: number, fn: () => void }} */ (timers.get(dueId));
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

/**
 * A promise with its resolve/reject exposed, so a test decides when a job ends.
 * @template T
 */
export function deferred() {
  /** @type {(value: T) => void} */
  let resolve = () => {};
  /** @type {(reason: unknown) => void} */
  let reject = () => {};
  /** @type {Promise<T>} */
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
