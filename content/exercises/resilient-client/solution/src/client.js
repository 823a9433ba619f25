// @ts-check
// A client for a flaky upstream service, built from the three primitives.

import { getJson } from './http.js';
import { retry, withDeadline, createCircuitBreaker } from './resilience.js';

/**
 * @typedef {object} ClientOptions
 * @property {string} baseUrl e.g. "http://127.0.0.1:3000"
 * @property {number} deadlineMs deadline for each attempt
 * @property {number} [retries]
 * @property {number} [baseMs]
 * @property {number} [maxMs]
 * @property {() => number} [random]
 * @property {(ms: number) => Promise<void>} [sleep]
 * @property {number} [failureThreshold]
 * @property {number} [resetMs]
 * @property {() => number} [now]
 */

/**
 * @param {ClientOptions} options
 */
export function createClient({ baseUrl, deadlineMs, retries, baseMs, maxMs, random, sleep, failureThreshold, resetMs, now }) {
  // One breaker per client (that is, per upstream service), shared by every
  // call: it has to see all failures to know the service is down.
  const breaker = createCircuitBreaker(
    // The innermost layer: one HTTP attempt, cancelled at its deadline.
    (/** @type {string} */ url) => withDeadline((signal) => getJson(url, { signal }), deadlineMs),
    { failureThreshold, resetMs, now },
  );

  return {
    /**
     * GET baseUrl + path. Order of the layers, outermost first:
     *   retry → breaker → deadline → HTTP.
     * The breaker counts every attempt, and once it opens, CircuitOpenError
     * is not retryable, so the retry loop stops at once instead of hammering.
     * @param {string} path
     */
    get(path) {
      return retry(() => breaker.call(`${baseUrl}${path}`), { retries, baseMs, maxMs, random, sleep });
    },

    /** The breaker's state, for health checks and dashboards. */
    state: () => breaker.state(),
  };
}
