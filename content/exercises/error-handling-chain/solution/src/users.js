// @ts-check
/**
 * The users routes.
 */

import { sendJson } from './framework.js';
import { ConflictError, NotFoundError } from './errors.js';

/**
 * @typedef {import('./db.js').UserDb} UserDb
 * @typedef {import('./db.js').NewUser} NewUser
 * @typedef {import('./framework.js').Request} Request
 * @typedef {import('./framework.js').Response} Response
 */

/** What POST /users accepts. Used by validateBody in app.js. */
/** @type {import('./middleware.js').Schema} */
export const userSchema = {
  email: { type: 'string', required: true, maxLength: 254, pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ },
  name: { type: 'string', required: true, minLength: 1, maxLength: 100 },
  age: { type: 'integer', min: 13, max: 150 },
};

/** PostgreSQL's SQLSTATE for a unique violation; other drivers have their own equivalent. */
const UNIQUE_VIOLATION = '23505';

/** @param {UserDb} db */
export function createUserHandlers(db) {
  return {
    /**
     * POST /users → 201 with the new user.
     * @param {Request} req
     * @param {Response} res
     */
    async createUser(req, res) {
      const input = /** @type {NewUser} */ (req.body); // validateBody ran before us
      let user;
      try {
        user = await db.insert({ email: input.email, name: input.name, age: input.age });
      } catch (err) {
        // Translate the one failure we expect into a client error. The database message names
        // the constraint and echoes the email; keep it as `cause` for the log, not for the client.
        if (isUniqueViolation(err)) {
          throw new ConflictError('A user with this email already exists', { cause: err });
        }
        throw err; // anything else is a server problem: let the error handler deal with it
      }
      res.setHeader('location', `/users/${encodeURIComponent(user.id)}`);
      sendJson(res, 201, user);
    },

    /**
     * GET /users/:id → 200 with the user.
     * @param {Request} req
     * @param {Response} res
     */
    async getUser(req, res) {
      const id = req.params?.id ?? '';
      const user = await db.findById(id);
      if (!user) throw new NotFoundError(`There is no user with id ${id}`);
      sendJson(res, 200, user);
    },
  };
}

/** @param {unknown} err */
function isUniqueViolation(err) {
  return typeof err === 'object' && err !== null && /** @type {{ code?: unknown }} */ (err).code === UNIQUE_VIOLATION;
}
