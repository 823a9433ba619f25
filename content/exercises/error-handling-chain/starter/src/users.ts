/**
 * The users routes. The happy path works; the failure paths are yours to finish.
 */

import { sendJson } from './framework.ts';
import type { Request, Response } from './framework.ts';
import type { NewUser, UserDb } from './db.ts';
import type { Schema } from './middleware.ts';

/** What POST /users accepts. Used by validateBody in app.ts. */
export const userSchema: Schema = {
  email: { type: 'string', required: true, maxLength: 254, pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ },
  name: { type: 'string', required: true, minLength: 1, maxLength: 100 },
  age: { type: 'integer', min: 13, max: 150 },
};

export function createUserHandlers(db: UserDb) {
  return {
    /** POST /users → 201 with the new user. */
    async createUser(req: Request, res: Response): Promise<void> {
      // TODO: a duplicate email makes db.insert reject with a UniqueViolationError
      //       (code '23505'). Turn it into a ConflictError, without echoing the
      //       database's own message to the client.
      const user = await db.insert(req.body as NewUser);
      res.setHeader('location', `/users/${user.id}`);
      sendJson(res, 201, user);
    },

    /** GET /users/:id → 200 with the user. */
    async getUser(req: Request, res: Response): Promise<void> {
      // TODO: db.findById resolves to undefined for an unknown id; that is a NotFoundError.
      const user = await db.findById(req.params?.id ?? '');
      sendJson(res, 200, user);
    },
  };
}
