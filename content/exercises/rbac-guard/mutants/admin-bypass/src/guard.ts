/**
 * An HTTP guard: the one place where a request is authenticated and authorized before a
 * handler runs.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User } from './auth.ts';
import { can } from './policy.ts';
import type { OwnedResource } from './policy.ts';

export interface GuardContext {
  user: User;
  /** what loadResource returned (undefined when the route loads nothing) */
  resource?: unknown;
}

export type GuardedHandler = (req: IncomingMessage, res: ServerResponse, ctx: GuardContext) => unknown;

export interface GuardOptions {
  authenticate: (req: IncomingMessage) => User | null | Promise<User | null>;
  loadResource?: (req: IncomingMessage) => Promise<unknown>;
}

/**
 * Wraps `handler` so it only runs for an authenticated user holding `permission`.
 *
 *   no identity                 → 401 with `WWW-Authenticate: Bearer`
 *   loadResource gives null     → 404
 *   identity without permission → 403
 *   otherwise                   → handler(req, res, { user, resource })
 */
export function guard(permission: string, handler: GuardedHandler, { authenticate, loadResource }: GuardOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
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
    let resource: unknown;
    if (loadResource) {
      resource = await loadResource(req);
      if (resource === null || resource === undefined) return sendJson(res, 404, { error: 'not_found' });
    }

    // 403 means "I know who you are, and the answer is no": logging in again will not help.
    if (!can(user, permission, resource as OwnedResource | undefined)) {
      return sendJson(res, 403, { error: 'forbidden' });
    }

    await handler(req, res, { user, resource });
  };
}

/** Sends `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
