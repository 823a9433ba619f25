// @ts-check
// Three small resilience primitives: retries with full-jitter backoff,
// deadlines that cancel the work they time out, and a circuit breaker.

import { setTimeout as delay } from 'node:timers/promises';

/** The deadline passed before the work finished. */
export class TimeoutError extends Error {
  /** @param {string} [message] */
  constructor(message = 'deadline exceeded') {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** The breaker is open: the call was refused without being attempted. */
export class CircuitOpenError extends Error {
  /** @param {string} [message] */
  constructor(message = 'circuit open: failing fast') {
    super(message);
    this.name = 'CircuitOpenError';
  }
}

/** Statuses that mean "this may work if you try again later". */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Network failures that are usually transient. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/**
 * Is it worth trying again? A 4xx means our request is wrong and will be
 * wrong every time; retrying only adds load. An open breaker means "stop".
 * @param {unknown} err
 * @returns {boolean}
 */
export function isRetryable(err) {
  if (!(err instanceof Error)) return false;
  if (err instanceof CircuitOpenError) return false;
  if (err instanceof TimeoutError) return true;
  const { status, code } = /** @type {{ status?: unknown, code?: unknown }} */ (err);
  if (typeof status === 'number') return RETRYABLE_STATUS.has(status);
  if (typeof code === 'string') return RETRYABLE_CODES.has(code);
  return false;
}

/**
 * @typedef {object} RetryOptions
 * @property {number} [retries] retries after the first attempt (default 3)
 * @property {number} [baseMs] backoff ceiling before the first retry (default 100)
 * @property {number} [maxMs] the ceiling never grows past this (default 5000)
 * @property {() => number} [random] returns [0, 1) (default Math.random)
 * @property {(ms: number) => Promise<void>} [sleep] waits (default a real timer)
 * @property {(err: unknown) => boolean} [isRetryable] (default isRetryable above)
 */

/**
 * Call fn until it succeeds, retrying retryable failures with full-jitter
 * exponential backoff: before retry n (0-based) wait
 * random() × min(maxMs, baseMs × 2^n).
 * @template T
 * @param {(attempt: number) => Promise<T>} fn receives 1, 2, 3, …
 * @param {RetryOptions} [options]
 * @returns {Promise<T>}
 */
export async function retry(fn, options = {}) {
  const {
    retries = 3,
    baseMs = 100,
    maxMs = 5000,
    random = Math.random,
    sleep = (ms) => delay(ms).then(() => undefined),
    isRetryable: shouldRetry = isRetryable,
  } = options;

  for (let n = 0; ; n++) {
    try {
      return await fn(n + 1);
    } catch (err) {
      if (n >= retries || !shouldRetry(err)) throw err;
      // "Full jitter": anywhere between 0 and the exponential ceiling. Clients
      // that failed together then retry at different moments instead of in a
      // synchronized wave that knocks the recovering service over again.
      const ceiling = Math.min(maxMs, baseMs * 2 ** n);
      await sleep(random() * ceiling);
    }
  }
}

/**
 * Run fn with a deadline. fn gets an AbortSignal that fires at the deadline,
 * so the work itself stops (the socket is closed, the query cancelled)
 * instead of running on, unobserved, after we gave up.
 * @template T
 * @param {(signal: AbortSignal) => Promise<T>} fn
 * @param {number} ms
 * @returns {Promise<T>}
 */
export function withDeadline(fn, ms) {
  const controller = new AbortController();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = new TimeoutError(`deadline of ${ms} ms exceeded`);
      // Reject first: even if fn ignores the signal, the caller is released
      // on time. Then tell fn to stop.
      reject(err);
      controller.abort(err);
    }, ms);

    // Wrapping the call turns a synchronous throw into a rejection.
    Promise.resolve()
      .then(() => fn(controller.signal))
      .then(
        (value) => {
          clearTimeout(timer); // no stray abort later, no timer keeping the process alive
          resolve(value);
        },
        (err) => {
          clearTimeout(timer);
          reject(err);
        },
      );
  });
}

/** @typedef {'closed' | 'open' | 'half-open'} BreakerState */

/**
 * @typedef {object} BreakerOptions
 * @property {number} [failureThreshold] consecutive failures that open the breaker (default 5)
 * @property {number} [resetMs] how long it stays open before a trial call (default 10000)
 * @property {() => number} [now] current time in ms (default Date.now)
 */

/**
 * Wrap fn in a circuit breaker.
 *  closed    → calls go through; `failureThreshold` failures in a row open it.
 *  open      → calls fail fast with CircuitOpenError, fn is not called.
 *  half-open → after resetMs, ONE trial call goes through (others still fail
 *              fast). Success closes the breaker, failure opens it again.
 * @template {unknown[]} A
 * @template T
 * @param {(...args: A) => Promise<T>} fn
 * @param {BreakerOptions} [options]
 */
export function createCircuitBreaker(fn, { failureThreshold = 5, resetMs = 10_000, now = Date.now } = {}) {
  /** @type {BreakerState} */
  let state = 'closed';
  let consecutiveFailures = 0;
  let openedAt = 0;
  let trialInFlight = false;

  /** @returns {BreakerState} */
  function currentState() {
    // Time, not a timer, moves open → half-open: nothing to clean up, and an
    // injected clock can drive it in tests.
    if (state === 'open' && now() - openedAt >= resetMs) state = 'half-open';
    return state;
  }

  function open() {
    state = 'open';
    openedAt = now();
    consecutiveFailures = 0;
  }

  return {
    state: currentState,

    /**
     * @param {A} args
     * @returns {Promise<T>}
     */
    async call(...args) {
      const before = currentState();
      if (before === 'open') throw new CircuitOpenError();
      const isTrial = before === 'half-open';
      if (isTrial) {
        if (trialInFlight) throw new CircuitOpenError('circuit half-open: trial call in progress');
        trialInFlight = true;
      }

      try {
        const result = await fn(...args);
        if (isTrial) state = 'closed'; // the trial worked: the dependency is back
        if (state === 'closed') consecutiveFailures = 0; // only failures IN A ROW count
        return result;
      } catch (err) {
        if (isTrial) {
          open(); // the dependency is still sick: back off for another resetMs
        } else if (state === 'closed') {
          consecutiveFailures += 1;
          if (consecutiveFailures >= failureThreshold) open();
        }
        throw err;
      } finally {
        if (isTrial) trialInFlight = false;
      }
    },
  };
}
