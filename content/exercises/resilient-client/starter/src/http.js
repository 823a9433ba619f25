// @ts-check
// A minimal JSON-over-HTTP GET, already written for you. It knows nothing
// about retries or timeouts: that is the job of src/resilience.js.

import { get } from 'node:http';

/** A response with status >= 400. `status` tells callers what went wrong. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} [body]
   */
  constructor(status, body = '') {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
  }
}

/**
 * GET a URL and parse the JSON body.
 * Rejects with HttpError for status >= 400, with the network error (e.g.
 * ECONNREFUSED) if the connection fails, and with an AbortError when
 * `signal` aborts, which also destroys the connection.
 * @param {string} url
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<unknown>}
 */
export function getJson(url, { signal } = {}) {
  return new Promise((resolve, reject) => {
    const req = get(url, { signal, headers: { accept: 'application/json' } }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status >= 400) return reject(new HttpError(status, text));
        try {
          resolve(text ? JSON.parse(text) : null);
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
  });
}
