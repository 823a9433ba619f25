// @ts-check
// An in-memory job queue with retries, exponential backoff, a dead-letter list
// and a concurrency limit. Time comes from an injected clock: never call the
// global setTimeout or Date.now directly, use `clock.setTimeout` / `clock.now`.

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

  /** @type {Job[]} FIFO of jobs ready to run */
  const waiting = [];
  /** @type {DeadLetter[]} */
  const dead = [];
  let active = 0;
  let delayed = 0;
  let completed = 0;

  // TODO: remember every id that was ever added, so a duplicate add is a no-op.

  /**
   * The delay before the next attempt, after attempt number `attempt` failed.
   * @param {number} attempt
   * @returns {number}
   */
  function backoffDelay(attempt) {
    // TODO: baseMs, baseMs·factor, baseMs·factor², … capped at maxMs,
    // then passed through jitter(delay, attempt).
    return 0;
  }

  // Start as many waiting jobs as there are free slots.
  function pump() {
    // TODO: while a slot is free and a job is waiting, take it and run(job).
  }

  /** @param {Job} job */
  function run(job) {
    // TODO:
    // - count the attempt and call handler(job.payload, { id, attempt });
    //   a synchronous throw is a failure just like a rejected promise
    // - on success: count it as completed
    // - on failure: dead-letter it after maxAttempts, otherwise schedule a
    //   retry with clock.setTimeout(…, backoffDelay(attempt))
    // - either way the slot is free again: pump()
  }

  return {
    add(id, payload) {
      // TODO: reject duplicate ids, enqueue, and start work if a slot is free.
      return false;
    },

    stats() {
      return { waiting: waiting.length, active, delayed, completed, dead: dead.length };
    },

    deadLetters() {
      // TODO: the dead-lettered jobs, oldest first.
      return [];
    },

    onIdle() {
      // TODO: resolve once nothing is waiting, running or delayed
      // (immediately if that is already the case).
      return Promise.resolve();
    },
  };
}
