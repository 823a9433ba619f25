// A minimal JSON-over-HTTP GET, already written for you. It knows nothing about retries or timeouts:
// that is the job of src/resilience.ts.

import { get } from 'node:http';

/** A response with status >= 400. `status` tells callers what went wrong. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: string;

  constructor(status: number, body = '') {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
  }
}

/**
 * GET a URL and parse the JSON body.
 * Rejects with HttpError for status >= 400, with the network error (e.g. ECONNREFUSED) if the
 * connection fails, and with an AbortError when `signal` aborts, which also destroys the connection.
 */
export function getJson(url: string, { signal }: { signal?: AbortSignal } = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // agent: false, a connection per request: an aborted request never leaves a socket in a pool.
    const req = get(url, { signal, agent: false, headers: { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
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
