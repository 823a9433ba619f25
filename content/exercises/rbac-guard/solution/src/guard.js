// @ts-check
/**
 * An HTTP guard: the one place where a request is authenticated and authorized before a
 * handler runs.
 */

import { can } from './policy.js';

/**
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {import('./auth.js').User} User
 * @typedef {{ user: User, resource?: any }} GuardContext
 * @typedef {(req: Request, res: Response, ctx: GuardContext) => unknown} GuardedHandler
 * @typedef {{
 *   authenticate: (req: Request) => User | null | Promise<User | null>,
 *   loadResource?: (req: Request) => Promise<unknown>,
 * }} GuardOptions
 */

/**
 * Wraps `handler` so it only runs for an authenticated user holding `permission`.
 *
 *   no identity                 → 401 with `WWW-Authenticate: Bearer`
 *   loadResource gives null     → 404
 *   identity without permission → 403
 *   otherwise                   → handler(req, res, { user, resource })
 *
 * @param {string} permission
 * @param {GuardedHandler} handler
 * @param {GuardOptions} options
 * @returns {(req: Request, res: Response) => Promise<void>}
 */
export function guard(permission, handler, { authenticate, loadResource }) {
  return async (req, res) => {
    // 401 means "I don't know who you are": the client can fix it by logging in, and the
    // WWW-Authenticate header tells it which scheme to use.
    const user = await authenticate(req);
    if (!user) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, { error: 'unauthenticated' });
    }

    // Ownership rules need the resource, so load it before deciding. Answering 404 before 403
    // tells a signed-in user whether an id exists; hide that with a 404 for both if it matters.
    let resource;
    if (loadResource) {
      resource = await loadResource(req);
      if (resource === null || resource === undefined) return sendJson(res, 404, { error: 'not_found' });
    }

    // 403 means "I know who you are, and the answer is no": logging in again will not help.
    if (!can(user, permission, /** @type {any} */ (resource))) {
      return sendJson(res, 403, { error: 'forbidden' });
    }

    await handler(req, res, { user, resource });
  };
}

/**
 * Sends `body` as JSON.
 * @param {Response} res
 * @param {number} status
 * @param {unknown} body
 */
export function sendJson(res, status, body) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
