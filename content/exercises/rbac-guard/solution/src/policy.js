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
  /** @type {Set<string>} */
  const granted = new Set();
  /** @type {Set<string>} */
  const visited = new Set(); // a typo like editor → admin → editor must not loop forever

  /** @param {string} name */
  function collect(name) {
    // Object.hasOwn, not `name in ROLES`: a role called "constructor" or "__proto__" must not
    // find something on Object.prototype.
    if (visited.has(name) || !Object.hasOwn(ROLES, name)) return;
    visited.add(name);
    const definition = ROLES[name];
    for (const permission of definition.permissions) granted.add(permission);
    for (const parent of definition.inherits) collect(parent);
  }

  collect(role);
  return granted;
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
  if (!user || !Array.isArray(user.roles)) return false;

  /** @type {Set<string>} */
  const granted = new Set();
  for (const role of user.roles) {
    for (const p of permissionsFor(role)) granted.add(p);
  }

  // RBAC: the role alone settles it.
  if (granted.has(permission)) return true;

  // ABAC flavour: the role grants the permission only under conditions on the resource.
  // No resource means we cannot check the conditions, and not knowing means no.
  if (granted.has(`${permission}:own`) && resource) {
    return resource.authorId === user.id && resource.status === 'draft';
  }
  return false;
}
