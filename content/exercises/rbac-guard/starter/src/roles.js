// @ts-check
/**
 * Who may do what in the newsroom. Provided: this is configuration, not code to change.
 *
 * Each role lists the permissions it adds and the roles it inherits from, so a role can do
 * everything its parents can:
 *
 *   viewer ⊂ author ⊂ editor ⊂ admin
 *
 * A permission ending in `:own` is conditional: `article:update:own` allows `article:update`
 * only on an article the user wrote that is still a draft.
 */

/** @typedef {{ inherits: string[], permissions: string[] }} RoleDefinition */

/** @type {Readonly<Record<string, RoleDefinition>>} */
export const ROLES = Object.freeze({
  viewer: { inherits: [], permissions: ['article:read'] },
  author: { inherits: ['viewer'], permissions: ['article:create', 'article:update:own'] },
  editor: { inherits: ['author'], permissions: ['article:update', 'article:publish'] },
  admin: { inherits: ['editor'], permissions: ['article:delete', 'user:manage'] },
});
