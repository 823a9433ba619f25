// Three small resilience primitives: retries with full-jitter backoff, deadlines that cancel the work
// they time out, and a circuit breaker.

import { setTimeout as delay } from 'node:timers/promises';

/** The deadline passed before the work finished. */
export class TimeoutError extends Error {
  constructor(message = 'deadline exceeded') {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** The breaker is open: the call was refused without being attempted. */
export class CircuitOpenError extends Error {
  constructor(message = 'circuit open: failing fast') {
    super(message);
    this.name = 'CircuitOpenError';
  }
}

/**
 * Is it worth trying again?
 * - TimeoutError: yes
 * - an error with a numeric `status` (see HttpError): yes for 408, 429, 500, 502, 503, 504; no otherwise
 * - an error with a `code` of ECONNRESET, ECONNREFUSED, EPIPE or ETIMEDOUT: yes
 * - CircuitOpenError, anything else: no
 */
export function isRetryable(err: unknown): boolean {
  // TODO
  return false;
}

export interface RetryOptions {
  /** retries after the first attempt (default 3) */
  retries?: number;
  /** backoff ceiling before the first retry (default 100) */
  baseMs?: number;
  /** the ceiling never grows past this (default 5000) */
  maxMs?: number;
  /** returns a number in [0, 1) (default Math.random) */
  random?: () => number;
  /** waits (default a real timer) */
  sleep?: (ms: number) => Promise<void>;
  /** which errors are worth another attempt (default isRetryable above) */
  isRetryable?: (err: unknown) => boolean;
}

/**
 * Calls fn until it succeeds, retrying retryable failures with full-jitter exponential backoff:
 * before retry n (0-based) it waits random() × min(maxMs, baseMs × 2^n).
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    retries = 3,
    baseMs = 100,
    maxMs = 5000,
    random = Math.random,
    sleep = (ms: number) => delay(ms).then(() => undefined),
    isRetryable: shouldRetry = isRetryable,
  } = options;

  // TODO: a loop. Call fn(attempt); on a failure, rethrow it when the retries are used up or it is not
  // retryable; otherwise `await sleep(…)` and go again. Wait ONLY through `sleep`, so that the tests
  // can make waiting instant and see how long you asked to wait.
  throw new Error('retry() is not implemented yet');
}

/**
 * Runs fn with a deadline. fn gets an AbortSignal that fires at the deadline, so the work itself stops
 * (the socket is closed) instead of running on, unobserved, after the caller gave up.
 */
export function withDeadline<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  // TODO: an AbortController, a timer that rejects with a TimeoutError AND aborts the controller, and
  // clearTimeout when fn settles first.
  throw new Error('withDeadline() is not implemented yet');
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** consecutive failures that open the breaker (default 5) */
  failureThreshold?: number;
  /** how long it stays open before a trial call, in ms (default 10 000) */
  resetMs?: number;
  /** the current time in ms (default Date.now) */
  now?: () => number;
}

export interface CircuitBreaker<A extends unknown[], T> {
  call(...args: A): Promise<T>;
  state(): BreakerState;
}

/**
 * Wraps fn in a circuit breaker.
 *  closed    → calls go through; `failureThreshold` failures in a row open it.
 *  open      → calls fail fast with CircuitOpenError, fn is not called.
 *  half-open → after resetMs, ONE trial call goes through (others still fail fast).
 *              Success closes the breaker, failure opens it again.
 */
export function createCircuitBreaker<A extends unknown[], T>(
  fn: (...args: A) => Promise<T>,
  { failureThreshold = 5, resetMs = 10_000, now = Date.now }: BreakerOptions = {},
): CircuitBreaker<A, T> {
  let state: BreakerState = 'closed';

  // TODO: count consecutive failures, remember when the breaker opened (with now()), and whether a
  // half-open trial call is in flight.

  return {
    state() {
      // TODO: an open breaker whose resetMs has passed reports 'half-open'.
      return state;
    },

    async call(...args: A): Promise<T> {
      // TODO: fail fast when open, let one trial through when half-open, and update the state from
      // the outcome.
      return fn(...args);
    },
  };
}
