import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from '../src/db.ts';
import { listPostsWithAuthors } from '../src/posts.ts';

const AUTHOR_NAMES = ['Ada', 'Brian', 'Chen', 'Dolores', 'Emeka', 'Farah', 'Grace'];

/**
 * A blog with 7 authors and 100 posts. Posts cycle through the authors starting from the LAST one,
 * so the order in which posts mention authors is not the order of the authors table.
 */
function blog({ posts = 100, missingAuthorForPost }: { posts?: number, missingAuthorForPost?: number } = {}) {
  const authors = AUTHOR_NAMES.map((name, i) => ({ id: 100 + i, name }));
  const rows = Array.from({ length: posts }, (_, i) => ({
    id: i + 1,
    title: `Post number ${i + 1}`,
    authorId: i + 1 === missingAuthorForPost ? 999 : 100 + (AUTHOR_NAMES.length - 1 - (i % AUTHOR_NAMES.length)),
  }));
  return { db: new Database({ authors, posts: rows }), authors, posts: rows };
}

function authorQueries(db: Database) {
  return db.queries.filter((q) => q.name === 'getAuthorById' || q.name === 'getAuthorsByIds');
}

test('100 posts with their authors take 2 queries: the posts, then one batch asking for each author once', { timeout: 5000 }, async () => {
  const { db } = blog();
  const result = await listPostsWithAuthors(db);

  assert.equal(result.length, 100, 'every post should be returned');
  const perPost = db.queries.filter((q) => q.name === 'getAuthorById').length;
  assert.equal(perPost, 0, `authors should be fetched in a batch, not one by one: getAuthorById was called ${perPost} times (the N+1 problem)`);
  const batches = authorQueries(db);
  assert.equal(batches.length, 1, `all authors should come from a single getAuthorsByIds call, got ${batches.length}`);
  assert.equal(db.queryCount, 2, `expected 2 queries in total (posts + one author batch), got ${db.queryCount}`);

  const ids = batches[0].args[0] as number[];
  assert.equal(ids.length, 7, `100 posts by 7 authors should ask for 7 ids, not ${ids.length}: de-duplicate the keys`);
  assert.deepEqual([...ids].sort(), [100, 101, 102, 103, 104, 105, 106], 'the batch should ask for exactly the authors of the posts');
});

test('every post gets its own author, in the original post order', { timeout: 5000 }, async () => {
  const { db, posts, authors } = blog({ posts: 30 });
  const byId = new Map(authors.map((a) => [a.id, a]));
  const result = await listPostsWithAuthors(db);

  assert.deepEqual(result.map((p) => p.id), posts.map((p) => p.id), 'posts should stay in the order db.listPosts() returned them');
  for (const [i, post] of result.entries()) {
    const expected = byId.get(posts[i].authorId);
    assert.deepEqual(
      post,
      { id: posts[i].id, title: posts[i].title, author: expected },
      `post ${posts[i].id} should be written by ${expected?.name}; getAuthorsByIds returns rows in table order, not in the order you asked, so match them by id`,
    );
  }
});

test('a post whose author was deleted gets author: null, and the other posts are unaffected', { timeout: 5000 }, async () => {
  const { db } = blog({ posts: 20, missingAuthorForPost: 5 });
  const result = await listPostsWithAuthors(db);

  assert.equal(result[4]?.id, 5, 'post 5 should still be in the list');
  assert.equal(result[4]?.author, null, 'a post whose author does not exist should get author: null');
  assert.ok(
    result.every((post) => post.id === 5 || (post.author && typeof post.author.name === 'string')),
    'every other post should still have its author',
  );
  assert.equal(authorQueries(db).length, 1, 'a missing author should not cause extra queries');
});

test('each call uses a fresh loader: a second page view sees a renamed author', { timeout: 5000 }, async () => {
  const { db } = blog({ posts: 10 });
  const before = await listPostsWithAuthors(db);
  const authorId = before[0]?.author?.id as number;
  await db.renameAuthor(authorId, 'Renamed Author');
  const after = await listPostsWithAuthors(db);

  assert.equal(authorQueries(db).length, 2, 'each call should load authors once for itself: a cache shared between requests would serve stale data');
  assert.equal(after[0]?.author?.name, 'Renamed Author', 'the second call should see the new name: the loader cache must live only as long as one call');
});
