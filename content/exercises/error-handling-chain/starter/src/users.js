// @ts-check
/**
 * The users routes. The happy path works; the failure paths are yours to finish.
 */

import { sendJson } from './framework.js';

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

/** @param {UserDb} db */
export function createUserHandlers(db) {
  return {
    /**
     * POST /users → 201 with the new user.
     * @param {Request} req
     * @param {Response} res
     */
    async createUser(req, res) {
      // TODO: a duplicate email makes db.insert reject with a UniqueViolationError
      //       (code '23505'). Turn it into a ConflictError, without echoing the
      //       database's own message to the client.
      const user = await db.insert(/** @type {NewUser} */ (req.body));
      res.setHeader('location', `/users/${user.id}`);
      sendJson(res, 201, user);
    },

    /**
     * GET /users/:id → 200 with the user.
     * @param {Request} req
     * @param {Response} res
     */
    async getUser(req, res) {
      // TODO: db.findById resolves to undefined for an unknown id; that is a NotFoundError.
      const user = await db.findById(req.params?.id ?? '');
      sendJson(res, 200, user);
    },
  };
}
