// @ts-check
/**
 * Authorization decisions: may this user do that? No HTTP in here, so it is easy to test and
 * to reuse from a queue worker or a CLI.
 */

import { ROLES } from './roles.js';

/**
 * @typedef {import('./auth.js').User} User
 * @typedef {{ authorId?: string, status?: string }} OwnedResource
 */

/**
 * Every permission a role grants, including the ones it inherits.
 * An unknown role grants nothing.
 * @param {string} role
 * @returns {Set<string>}
 */
export function permissionsFor(role) {
  // TODO: start from ROLES[role].permissions, then add permissionsFor(parent) for each
  //       role in ROLES[role].inherits. Unknown role → empty set.
  void role;
  void ROLES;
  return new Set();
}

/**
 * May `user` perform `permission`, optionally on `resource`?
 * Deny by default: no user, unknown roles and unknown permissions all mean false.
 * @param {User | null | undefined} user
 * @param {string} permission e.g. 'article:update'
 * @param {OwnedResource} [resource] the object acted on, for ownership rules
 * @returns {boolean}
 */
export function can(user, permission, resource) {
  // TODO: collect the permissions of all the user's roles.
  // TODO: the permission itself is granted → true.
  // TODO: `${permission}:own` is granted → true only if the user wrote the resource
  //       (resource.authorId === user.id) and it is still a draft (resource.status === 'draft').
  void user;
  void permission;
  void resource;
  return false;
}
