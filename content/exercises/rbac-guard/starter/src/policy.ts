/**
 * Authorization decisions: may this user do that? No HTTP in here, so it is easy to test and
 * to reuse from a queue worker or a CLI.
 */

import { ROLES } from './roles.ts';
import type { User } from './auth.ts';

/** What an ownership rule looks at. */
export interface OwnedResource {
  authorId?: string;
  status?: string;
}

/**
 * Every permission a role grants, including the ones it inherits.
 * An unknown role grants nothing.
 */
export function permissionsFor(role: string): Set<string> {
  // TODO: start from the role's own permissions in ROLES, then add the permissions of every
  //       role it inherits, however deep. Unknown role → empty set.
  void role;
  void ROLES;
  return new Set();
}

/**
 * May `user` perform `permission`, optionally on `resource`?
 * Deny by default: no user, unknown roles and unknown permissions all mean false.
 * @param permission e.g. 'article:update'
 * @param resource the object acted on, for ownership rules
 */
export function can(user: User | null | undefined, permission: string, resource?: OwnedResource): boolean {
  // TODO: collect the permissions of all the user's roles.
  // TODO: the permission itself is granted → true.
  // TODO: `${permission}:own` is granted → true only if the user wrote the resource
  //       and it is still a draft.
  void user;
  void permission;
  void resource;
  return false;
}
