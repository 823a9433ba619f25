// mutant: waits the whole ceiling instead of random() times it (no jitter); breaks the rule that retry n waits random() × min(maxMs, baseMs × 2^n)
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

/** Statuses that mean "this may work if you try again later". */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Network failures that are usually transient. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/**
 * Is it worth trying again? A 4xx means our request is wrong and will be wrong every time; retrying
 * only adds load. An open breaker means "stop".
 */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof CircuitOpenError) return false;
  if (err instanceof TimeoutError) return true;
  const { status, code } = err as { status?: unknown, code?: unknown };
  if (typeof status === 'number') return RETRYABLE_STATUS.has(status);
  if (typeof code === 'string') return RETRYABLE_CODES.has(code);
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

  for (let n = 0; ; n++) {
    try {
      return await fn(n + 1);
    } catch (err) {
      if (n >= retries || !shouldRetry(err)) throw err;
      // Full jitter: anywhere between 0 and the exponential ceiling. Clients that failed together
      // then come back at different moments instead of in one wave that knocks the service over again.
      const ceiling = Math.min(maxMs, baseMs * 2 ** n);
      await sleep(ceiling);
    }
  }
}

/**
 * Runs fn with a deadline. fn gets an AbortSignal that fires at the deadline, so the work itself stops
 * (the socket is closed) instead of running on, unobserved, after the caller gave up.
 */
export function withDeadline<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = new TimeoutError(`deadline of ${ms} ms exceeded`);
      // Reject first: even if fn ignores the signal, the caller is released on time. Then tell fn to stop.
      reject(err);
      controller.abort(err);
    }, ms);

    // Going through a promise turns a synchronous throw of fn into a rejection.
    Promise.resolve()
      .then(() => fn(controller.signal))
      .then(
        (value) => {
          clearTimeout(timer); // no stray abort later, no timer keeping the process alive
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
  });
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
  let consecutiveFailures = 0;
  let openedAt = 0;
  let trialInFlight = false;

  function currentState(): BreakerState {
    // Time, not a timer, moves open → half-open: nothing to clean up, and an injected clock drives it.
    if (state === 'open' && now() - openedAt >= resetMs) state = 'half-open';
    return state;
  }

  function open(): void {
    state = 'open';
    openedAt = now();
    consecutiveFailures = 0;
  }

  return {
    state: currentState,

    async call(...args: A): Promise<T> {
      const before = currentState();
      if (before === 'open') throw new CircuitOpenError();
      const isTrial = before === 'half-open';
      if (isTrial) {
        if (trialInFlight) throw new CircuitOpenError('circuit half-open: a trial call is in progress');
        trialInFlight = true;
      }

      try {
        const result = await fn(...args);
        if (isTrial) state = 'closed'; // the trial worked: the dependency is back
        if (state === 'closed') consecutiveFailures = 0; // only failures IN A ROW count
        return result;
      } catch (err) {
        if (isTrial) {
          open(); // still sick: back off for another resetMs
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
