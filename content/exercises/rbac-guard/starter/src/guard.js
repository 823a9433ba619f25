// @ts-check
/**
 * An HTTP guard: the one place where a request is authenticated and authorized before a
 * handler runs.
 */

// import { can } from './policy.js';

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
    const user = await authenticate(req);
    // TODO: no user → 401, and tell the client how to authenticate (WWW-Authenticate header).
    const resource = loadResource ? await loadResource(req) : undefined;
    // TODO: a route that loads a resource and finds none → 404.
    // TODO: can(user, permission, resource) is false → 403, and the handler must not run.
    void permission;
    await handler(req, res, { user: /** @type {User} */ (user), resource });
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
