/**
 * An HTTP guard: the one place where a request is authenticated and authorized before a
 * handler runs.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User } from './auth.ts';
// import { can } from './policy.ts';
// import type { OwnedResource } from './policy.ts';

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
    const user = await authenticate(req);
    // TODO: no user → 401, and tell the client how to authenticate (WWW-Authenticate header).
    const resource = loadResource ? await loadResource(req) : undefined;
    // TODO: a route that loads a resource and finds none → 404.
    // TODO: can(user, permission, resource) is false → 403, and the handler must not run.
    void permission;
    await handler(req, res, { user: user as User, resource });
  };
}

/** Sends `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
