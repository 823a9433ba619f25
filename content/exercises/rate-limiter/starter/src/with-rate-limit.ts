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
    // TODO: take a token for keyFor(req). Allowed → optionally set RateLimit-Limit and
    //       RateLimit-Remaining, then call handler. Rejected → 429, Retry-After, a small JSON body.
    void limiter;
    void keyFor;
    return handler(req, res);
  };
}
