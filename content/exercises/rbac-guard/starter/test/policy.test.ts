import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, permissionsFor } from '../src/policy.ts';

const sorted = (set: Set<string>) => [...set].sort();

test('permissionsFor includes everything a role inherits', () => {
  assert.deepEqual(sorted(permissionsFor('viewer')), ['article:read'], 'a viewer may only read');
  const author = permissionsFor('author');
  const editor = permissionsFor('editor');
  const admin = permissionsFor('admin');
  assert.ok(author.has('article:read'), 'an author inherits article:read from viewer');
  assert.ok(author.has('article:create'), 'an author has its own article:create');
  for (const p of author) assert.ok(editor.has(p), `an editor should inherit ${p} from author`);
  for (const p of editor) assert.ok(admin.has(p), `an admin should inherit ${p} from editor`);
  assert.ok(admin.has('article:read'), 'inheritance is transitive: admin → editor → author → viewer');
  assert.ok(admin.has('article:delete') && !editor.has('article:delete'), 'article:delete belongs to admin only');
  assert.equal(permissionsFor('intern').size, 0, 'an unknown role grants nothing');
  assert.equal(permissionsFor('constructor').size, 0, "'constructor' is not a role, even though every object has that property");
});

test('can() decides from the roles and denies by default', () => {
  const admin = { id: 'u-1', roles: ['admin'] };
  const editor = { id: 'u-2', roles: ['editor'] };
  const viewer = { id: 'u-3', roles: ['viewer'] };
  assert.equal(can(admin, 'article:delete'), true, 'an admin may delete articles');
  assert.equal(can(admin, 'article:read'), true, 'an admin may read articles (inherited from viewer)');
  assert.equal(can(editor, 'article:publish'), true, 'an editor may publish');
  assert.equal(can(editor, 'article:delete'), false, 'an editor may not delete');
  assert.equal(can(viewer, 'article:read'), true, 'a viewer may read');
  assert.equal(can(viewer, 'article:create'), false, 'a viewer may not create');

  const both = { id: 'u-4', roles: ['viewer', 'editor'] };
  assert.equal(can(both, 'article:publish'), true, 'a user with several roles gets the union of their permissions');

  assert.equal(can(admin, 'payroll:read'), false, 'a permission nobody defined is denied, even to an admin');
  assert.equal(can({ id: 'u-5', roles: ['superuser'] }, 'article:read'), false, 'an unknown role grants nothing');
  assert.equal(can({ id: 'u-6', roles: [] }, 'article:read'), false, 'a user without roles may do nothing');
  assert.equal(can(null, 'article:read'), false, 'no user means no permission');
});

test('authors may update their own drafts, and nothing more', () => {
  const ann = { id: 'u-ann', roles: ['author'] };
  const ownDraft = { authorId: 'u-ann', status: 'draft' };
  const ownPublished = { authorId: 'u-ann', status: 'published' };
  const someoneElsesDraft = { authorId: 'u-bob', status: 'draft' };

  assert.equal(can(ann, 'article:update', ownDraft), true, 'an author may update a draft they wrote');
  assert.equal(can(ann, 'article:update', ownPublished), false, 'an author may not change their article once it is published');
  assert.equal(can(ann, 'article:update', someoneElsesDraft), false, "an author may not update someone else's draft");
  assert.equal(can(ann, 'article:update'), false, 'without the article, ownership cannot be checked, so the answer is no');
  assert.equal(can(ann, 'article:delete', ownDraft), false, 'owning an article does not grant permissions the role lacks');

  const editor = { id: 'u-ed', roles: ['editor'] };
  assert.equal(can(editor, 'article:update', someoneElsesDraft), true, 'an editor may update any article');
  assert.equal(can(editor, 'article:update', ownPublished), true, 'including published ones');

  const reader = { id: 'u-ann', roles: ['viewer'] };
  assert.equal(can(reader, 'article:update', ownDraft), false, 'the ownership rule only applies to roles that grant article:update:own');
});
