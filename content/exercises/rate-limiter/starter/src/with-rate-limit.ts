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
    // TODO: take a token for keyFor(req). Allowed → optionally set RateLimit-Limit and
    //       RateLimit-Remaining, then call handler. Rejected → 429, Retry-After, a small JSON body.
    void limiter;
    void keyFor;
    return handler(req, res);
  };
}
