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
  // TODO: one circuit breaker for the whole client, created here.

  return {
    get(path) {
      // TODO: compose the layers, outermost first: retry → breaker → deadline → getJson.
      throw new Error('createClient().get() is not implemented yet');
    },
    state: () => 'closed',
  };
}
