// A client for a flaky upstream service, built from the three primitives.

import { getJson } from './http.ts';
import { retry, withDeadline, createCircuitBreaker } from './resilience.ts';
import type { BreakerState } from './resilience.ts';

export interface ClientOptions {
  /** e.g. "http://127.0.0.1:3000" */
  baseUrl: string;
  /** the deadline of each attempt, in ms */
  deadlineMs: number;
  retries?: number;
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  failureThreshold?: number;
  resetMs?: number;
  now?: () => number;
}

export interface Client {
  /** GET baseUrl + path and return the parsed JSON body. */
  get(path: string): Promise<unknown>;
  /** The breaker's state: 'closed', 'open' or 'half-open'. */
  state(): BreakerState;
}

export function createClient({ baseUrl, deadlineMs, retries, baseMs, maxMs, random, sleep, failureThreshold, resetMs, now }: ClientOptions): Client {
  // One breaker per client (per upstream service), shared by every call: it has to see all the
  // failures to know that the service is down.
  const breaker = createCircuitBreaker(
    // The innermost layer: one HTTP attempt, cancelled at its deadline.
    (url: string) => withDeadline((signal) => getJson(url, { signal }), deadlineMs),
    { failureThreshold, resetMs, now },
  );

  return {
    // Outermost first: retry → breaker → deadline → HTTP. The breaker counts every attempt, and once
    // it is open, CircuitOpenError is not retryable, so the retry loop stops at once.
    get(path) {
      return retry(() => breaker.call(`${baseUrl}${path}`), { retries, baseMs, maxMs, random, sleep });
    },
    state: () => breaker.state(),
  };
}
