/**
 * A stand-in for a real users table. It is provided: you should not need to change it.
 * Like a database driver, every call is asynchronous, and a duplicate email is reported
 * the way PostgreSQL reports a unique violation: an error with `code === '23505'`.
 */

import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface User {
  id: string;
  email: string;
  name: string;
  age?: number;
}

export interface NewUser {
  email: string;
  name: string;
  age?: number;
}

export interface UserDb {
  insert(user: NewUser): Promise<User>;
  findById(id: string): Promise<User | undefined>;
}

/** The error a database driver raises when a UNIQUE constraint is violated. */
export class UniqueViolationError extends Error {
  readonly code = '23505';
  readonly constraint: string;
  readonly detail: string;

  constructor(constraint: string, detail: string) {
    super(`duplicate key value violates unique constraint "${constraint}"`);
    this.name = 'UniqueViolationError';
    this.constraint = constraint;
    this.detail = detail;
  }
}

/** @param seed users that exist from the start */
export function createUserDb(seed: User[] = []): UserDb {
  const byId = new Map<string, User>(seed.map((user) => [user.id, { ...user }]));

  return {
    async insert(newUser) {
      await nextTurn(); // a network round trip
      const email = newUser.email.toLowerCase();
      for (const existing of byId.values()) {
        if (existing.email.toLowerCase() === email) {
          throw new UniqueViolationError('users_email_key', `Key (email)=(${email}) already exists.`);
        }
      }
      const user = { id: randomUUID(), ...newUser };
      byId.set(user.id, user);
      return { ...user };
    },

    async findById(id) {
      await nextTurn();
      const user = byId.get(id);
      return user && { ...user };
    },
  };
}
