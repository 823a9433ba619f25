/**
 * The users routes.
 */

import { sendJson } from './framework.ts';
import type { Request, Response } from './framework.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import type { NewUser, User, UserDb } from './db.ts';
import type { Schema } from './middleware.ts';

/** What POST /users accepts. Used by validateBody in app.ts. */
export const userSchema: Schema = {
  email: { type: 'string', required: true, maxLength: 254, pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ },
  name: { type: 'string', required: true, minLength: 1, maxLength: 100 },
  age: { type: 'integer', min: 13, max: 150 },
};

/** PostgreSQL's SQLSTATE for a unique violation; other drivers have their own equivalent. */
const UNIQUE_VIOLATION = '23505';

export function createUserHandlers(db: UserDb) {
  return {
    /** POST /users → 201 with the new user. */
    async createUser(req: Request, res: Response): Promise<void> {
      const input = req.body as NewUser; // validateBody ran before us
      let user: User;
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

    /** GET /users/:id → 200 with the user. */
    async getUser(req: Request, res: Response): Promise<void> {
      const id = req.params?.id ?? '';
      const user = await db.findById(id);
      if (!user) throw new NotFoundError(`There is no user with id ${id}`);
      sendJson(res, 200, user);
    },
  };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === UNIQUE_VIOLATION;
}
