/**
 * Wires the users API together. It is provided: read it to see where your pieces go.
 *
 *   POST /users       validate the body, then create the user   → 201
 *   GET  /users/:id   load the user                              → 200
 *   anything else                                                → 404
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { compose, jsonBody, route } from './framework.ts';
import type { Middleware } from './framework.ts';
import { NotFoundError } from './errors.ts';
import { asyncHandler, errorHandler, validateBody } from './middleware.ts';
import { createUserHandlers, userSchema } from './users.ts';
import { createUserDb } from './db.ts';
import type { UserDb } from './db.ts';

export function createApp({ db = createUserDb(), log }: { db?: UserDb, log?: (error: unknown) => void } = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const users = createUserHandlers(db);

  /** No route matched: turn that into an ordinary error so it gets the same JSON shape. */
  const noRouteMatched: Middleware = (req, _res, next) => next(new NotFoundError(`No route for ${req.method} ${req.url}`));

  return compose([
    jsonBody(),
    route('POST', '/users', validateBody(userSchema), asyncHandler(users.createUser)),
    route('GET', '/users/:id', asyncHandler(users.getUser)),
    noRouteMatched,
    errorHandler({ log }),
  ]);
}
