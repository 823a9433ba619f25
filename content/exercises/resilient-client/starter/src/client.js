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
  // TODO: one circuit breaker for the whole client, created here.

  return {
    /**
     * GET baseUrl + path, as: retry → breaker → deadline → getJson.
     * @param {string} path
     * @returns {Promise<unknown>}
     */
    get(path) {
      // TODO: compose the layers, passing the options through.
      throw new Error('createClient().get() is not implemented yet');
    },

    /** The breaker's state: 'closed', 'open' or 'half-open'. */
    state: () => 'closed',
  };
}
