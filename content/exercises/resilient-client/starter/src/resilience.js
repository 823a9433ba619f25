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

/**
 * Is it worth trying again?
 * - TimeoutError: yes
 * - an error with a numeric `status` (see HttpError): yes for 408, 429, 500, 502, 503, 504; no otherwise
 * - an error with `code` ECONNRESET, ECONNREFUSED, EPIPE or ETIMEDOUT: yes
 * - CircuitOpenError, anything else: no
 * @param {unknown} err
 * @returns {boolean}
 */
export function isRetryable(err) {
  // TODO
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

  // TODO: loop. Call fn(attempt); on failure rethrow if out of retries or
  // not retryable, otherwise `await sleep(…)` and go again.
  // Only ever wait through `sleep`, so tests can make waiting instant.
  throw new Error('retry() is not implemented yet');
}

/**
 * Run fn with a deadline. fn gets an AbortSignal that fires at the deadline,
 * so the work itself stops instead of running on after we gave up.
 * Rejects with TimeoutError at the deadline, even if fn ignores the signal.
 * @template T
 * @param {(signal: AbortSignal) => Promise<T>} fn
 * @param {number} ms
 * @returns {Promise<T>}
 */
export function withDeadline(fn, ms) {
  // TODO: an AbortController, a timer that rejects with a TimeoutError and
  // aborts the controller, and clearTimeout when fn settles first.
  throw new Error('withDeadline() is not implemented yet');
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

  // TODO: count consecutive failures, remember when the breaker opened
  // (now()), and whether a half-open trial call is in flight.

  return {
    /** @returns {BreakerState} */
    state() {
      // TODO: an open breaker whose resetMs has passed reports 'half-open'.
      return state;
    },

    /**
     * @param {A} args
     * @returns {Promise<T>}
     */
    async call(...args) {
      // TODO: fail fast when open, allow one trial when half-open,
      // and update the state from the outcome.
      return fn(...args);
    },
  };
}
