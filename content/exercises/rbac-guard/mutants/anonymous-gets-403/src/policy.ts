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
  const granted = new Set<string>();
  const visited = new Set<string>(); // a typo like editor → admin → editor must not loop forever

  const collect = (name: string): void => {
    // Object.hasOwn, not `name in ROLES`: a role called "constructor" or "__proto__" must not
    // find something on Object.prototype.
    if (visited.has(name) || !Object.hasOwn(ROLES, name)) return;
    visited.add(name);
    const definition = ROLES[name]!;
    for (const permission of definition.permissions) granted.add(permission);
    for (const parent of definition.inherits) collect(parent);
  };

  collect(role);
  return granted;
}

/**
 * May `user` perform `permission`, optionally on `resource`?
 * Deny by default: no user, unknown roles and unknown permissions all mean false.
 * @param permission e.g. 'article:update'
 * @param resource the object acted on, for ownership rules
 */
export function can(user: User | null | undefined, permission: string, resource?: OwnedResource): boolean {
  if (!user || !Array.isArray(user.roles)) return false;

  const granted = new Set<string>();
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
