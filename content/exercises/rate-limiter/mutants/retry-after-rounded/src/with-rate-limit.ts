// mutant: converts Retry-After with Math.round, so 0.1 s becomes 0 and 1.4 s becomes 1 (too early).
// Breaks "Retry-After in whole seconds, rounded up, never 0".
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Limiter } from './token-bucket.ts';

// Puts a limiter in front of a node:http handler.

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Allowed requests go to `handler`. Rejected ones get 429 Too Many Requests with a
 * `Retry-After` header in whole seconds, rounded up, and never reach `handler`.
 * @param [options] who is the client? (default: the remote IP)
 */
export function withRateLimit(limiter: Limiter, handler: Handler, { keyFor = (req) => req.socket.remoteAddress ?? 'unknown' }: { keyFor?: (req: IncomingMessage) => string } = {}): Handler {
  return (req, res) => {
    const result = limiter.take(keyFor(req));

    // Informational headers, in the spirit of the IETF RateLimit header draft: well-behaved
    // clients can slow down before they hit the wall.
    res.setHeader('ratelimit-limit', String(limiter.capacity));
    res.setHeader('ratelimit-remaining', String(result.remaining));

    if (result.allowed) return handler(req, res);

    // Retry-After takes whole seconds. Round UP: a client told "0" or told too early would
    // retry immediately and be rejected again.
    const seconds = Math.round(result.retryAfterMs / 1000);
    const body = JSON.stringify({ error: 'rate_limited', retryAfterSeconds: seconds });
    res.writeHead(429, {
      'retry-after': String(seconds),
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
}
