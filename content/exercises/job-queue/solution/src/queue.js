// @ts-check
// An in-memory job queue with retries, exponential backoff, a dead-letter list
// and a concurrency limit. Time comes from an injected clock, so the same code
// runs on real timers in production and on a fake clock in the tests.

/**
 * @typedef {object} Clock
 * @property {() => number} now current time in milliseconds
 * @property {(fn: () => void, ms: number) => unknown} setTimeout
 * @property {(handle: unknown) => void} clearTimeout
 */

/**
 * @typedef {object} JobInfo
 * @property {string} id the job id given to `add`
 * @property {number} attempt 1 for the first run, 2 for the first retry, …
 */

/**
 * @typedef {object} BackoffOptions
 * @property {number} [baseMs] delay after the first failure (default 1000)
 * @property {number} [factor] growth per further failure (default 2)
 * @property {number} [maxMs] upper bound applied before jitter (default 60000)
 * @property {(delayMs: number, attempt: number) => number} [jitter]
 *   turns the computed delay into the real one; receives the number of the
 *   attempt that just failed (default: no jitter)
 */

/**
 * @typedef {object} QueueOptions
 * @property {(payload: any, info: JobInfo) => unknown} handler does the work; a throw or a rejection is a failed attempt
 * @property {number} [maxAttempts] total attempts before a job is dead-lettered (default 3)
 * @property {BackoffOptions} [backoff]
 * @property {number} [concurrency] most handlers running at the same time (default 1)
 * @property {Clock} [clock] defaults to the real clock
 */

/**
 * @typedef {object} DeadLetter
 * @property {string} id
 * @property {unknown} payload
 * @property {number} attempts how many times the handler ran
 * @property {unknown} error what the last attempt threw
 * @property {number} failedAt clock time of the last failure
 */

/**
 * @typedef {object} QueueStats
 * @property {number} waiting ready to run, waiting for a free slot
 * @property {number} active handler running now
 * @property {number} delayed failed, waiting for its backoff to expire
 * @property {number} completed handler succeeded
 * @property {number} dead gave up after maxAttempts
 */

/**
 * @typedef {object} Queue
 * @property {(id: string, payload?: unknown) => boolean} add false when the id was already added
 * @property {() => QueueStats} stats
 * @property {() => DeadLetter[]} deadLetters
 * @property {() => Promise<void>} onIdle resolves once nothing is waiting, running or delayed
 */

/** @typedef {{ id: string, payload: unknown, attempts: number }} Job */

/** @type {Clock} */
const realClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(/** @type {any} */ (handle)),
};

/**
 * @param {QueueOptions} options
 * @returns {Queue}
 */
export function createQueue(options) {
  const { handler, maxAttempts = 3, concurrency = 1, clock = realClock } = options;
  const {
    baseMs = 1000,
    factor = 2,
    maxMs = 60_000,
    jitter = (/** @type {number} */ delayMs) => delayMs,
  } = options.backoff ?? {};

  if (typeof handler !== 'function') throw new TypeError('handler must be a function');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be an integer >= 1');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be an integer >= 1');

  // Every id ever added. Producers retry too (a timeout on their side does not
  // mean the add failed), so the queue must turn a duplicate add into a no-op.
  // A real broker keeps this set for a bounded window; in memory we keep it all.
  /** @type {Set<string>} */
  const seen = new Set();
  /** @type {Job[]} FIFO of jobs ready to run */
  const waiting = [];
  /** @type {DeadLetter[]} */
  const dead = [];
  let active = 0;
  let delayed = 0;
  let completed = 0;
  /** @type {Array<() => void>} */
  let idleWaiters = [];

  /**
   * The delay before the next attempt, after `attempt` has failed:
   * baseMs, baseMs·factor, baseMs·factor², … capped at maxMs, then jittered.
   * @param {number} attempt
   */
  function backoffDelay(attempt) {
    const exponential = baseMs * factor ** (attempt - 1);
    const capped = Math.min(maxMs, exponential);
    return Math.max(0, jitter(capped, attempt));
  }

  function isIdle() {
    return waiting.length === 0 && active === 0 && delayed === 0;
  }

  function notifyIfIdle() {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  // Start as many waiting jobs as there are free slots. Called whenever a job
  // arrives or a slot frees up; it is the only place that starts handlers, so
  // the concurrency limit is enforced in exactly one spot.
  function pump() {
    while (active < concurrency && waiting.length > 0) {
      const job = /** @type {Job} */ (waiting.shift());
      run(job);
    }
  }

  /** @param {Job} job */
  function run(job) {
    active += 1;
    job.attempts += 1;
    const info = { id: job.id, attempt: job.attempts };

    // `new Promise` turns a synchronous throw inside the handler into a
    // rejection, so one code path handles both kinds of failure.
    new Promise((resolve) => resolve(handler(job.payload, info))).then(
      () => {
        active -= 1;
        completed += 1;
        pump();
        notifyIfIdle();
      },
      (error) => {
        active -= 1;
        if (job.attempts >= maxAttempts) {
          // Out of attempts: park it where a human (or a replay tool) can see
          // it. Dropping it silently would break at-least-once delivery.
          dead.push({ id: job.id, payload: job.payload, attempts: job.attempts, error, failedAt: clock.now() });
        } else {
          // Wait outside the slot: a job sleeping through its backoff must not
          // block healthy jobs behind it.
          delayed += 1;
          clock.setTimeout(() => {
            delayed -= 1;
            waiting.push(job);
            pump();
          }, backoffDelay(job.attempts));
        }
        pump();
        notifyIfIdle();
      },
    );
  }

  return {
    add(id, payload) {
      if (seen.has(id)) return false;
      seen.add(id);
      waiting.push({ id, payload, attempts: 0 });
      pump();
      return true;
    },

    stats() {
      return { waiting: waiting.length, active, delayed, completed, dead: dead.length };
    },

    deadLetters() {
      // A copy, so callers cannot rewrite the queue's history.
      return dead.map((entry) => ({ ...entry }));
    },

    onIdle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
