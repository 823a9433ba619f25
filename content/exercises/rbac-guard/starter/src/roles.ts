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

export interface RoleDefinition {
  readonly inherits: readonly string[];
  readonly permissions: readonly string[];
}

export const ROLES: Readonly<Record<string, RoleDefinition>> = Object.freeze({
  viewer: { inherits: [], permissions: ['article:read'] },
  author: { inherits: ['viewer'], permissions: ['article:create', 'article:update:own'] },
  editor: { inherits: ['author'], permissions: ['article:update', 'article:publish'] },
  admin: { inherits: ['editor'], permissions: ['article:delete', 'user:manage'] },
});
