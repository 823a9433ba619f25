// @ts-check
/**
 * Wires the users API together. It is provided: read it to see where your pieces go.
 *
 *   POST /users       validate the body, then create the user   → 201
 *   GET  /users/:id   load the user                              → 200
 *   anything else                                                → 404
 */

import { compose, jsonBody, route } from './framework.js';
import { NotFoundError } from './errors.js';
import { asyncHandler, errorHandler, validateBody } from './middleware.js';
import { createUserHandlers, userSchema } from './users.js';
import { createUserDb } from './db.js';

/**
 * @param {{
 *   db?: import('./db.js').UserDb,
 *   log?: (error: unknown) => void,
 * }} [options]
 */
export function createApp({ db = createUserDb(), log } = {}) {
  const users = createUserHandlers(db);

  /**
   * No route matched: turn that into an ordinary error so it gets the same JSON shape.
   * @type {import('./framework.js').Middleware}
   */
  const noRouteMatched = (req, _res, next) => next(new NotFoundError(`No route for ${req.method} ${req.url}`));

  return compose([
    jsonBody(),
    route('POST', '/users', validateBody(userSchema), asyncHandler(users.createUser)),
    route('GET', '/users/:id', asyncHandler(users.getUser)),
    noRouteMatched,
    errorHandler({ log }),
  ]);
}
