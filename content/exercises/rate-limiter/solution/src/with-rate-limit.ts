// @ts-check
/**
 * Puts a limiter in front of a node:http handler.
 */

/**
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {(req: Request, res: Response) => unknown} Handler
 */

/**
 * Allowed requests go to `handler`. Rejected ones get 429 Too Many Requests with a
 * `Retry-After` header in whole seconds, rounded up, and never reach `handler`.
 * @param {import('./token-bucket.js').Limiter} limiter
 * @param {Handler} handler
 * @param {{ keyFor?: (req: Request) => string }} [options] who is the client? (default: the remote IP)
 * @returns {Handler}
 */
export function withRateLimit(limiter, handler, { keyFor = (req) => req.socket.remoteAddress ?? 'unknown' } = {}) {
  return (req, res) => {
    const result = limiter.take(keyFor(req));

    // Informational headers, in the spirit of the IETF RateLimit header draft: well-behaved
    // clients can slow down before they hit the wall.
    res.setHeader('ratelimit-limit', String(limiter.capacity));
    res.setHeader('ratelimit-remaining', String(result.remaining));

    if (result.allowed) return handler(req, res);

    // Retry-After takes whole seconds. Round UP: a client told "0" or told too early would
    // retry immediately and be rejected again.
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    const body = JSON.stringify({ error: 'rate_limited', retryAfterSeconds: seconds });
    res.writeHead(429, {
      'retry-after': String(seconds),
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
}
