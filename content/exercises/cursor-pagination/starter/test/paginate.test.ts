import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PostsTable } from '../src/posts-table.ts';
import { listPosts, PaginationError, DEFAULT_LIMIT, MAX_LIMIT } from '../src/paginate.ts';
import type { Post } from '../src/posts-table.ts';

const START = Date.parse('2024-05-01T12:00:00.000Z');

/**
 * `count` posts, one per minute going back in time, ids 1…count (the newest has the highest id).
 * With `sameInstant` > 1, that many consecutive posts share one created_at.
 */
function makePosts(count: number, { sameInstant = 1 }: { sameInstant?: number; } = {}): Post[] {
  const posts: Post[] = [];
  for (let id = 1; id <= count; id++) {
    const minute = Math.floor((id - 1) / sameInstant);
    posts.push({ id, createdAt: new Date(START + minute * 60_000).toISOString(), title: `post ${id}` });
  }
  return posts;
}

/** Ids newest first, the order the API must return. */
function expectedOrder(posts: Post[]) {
  return new PostsTable(posts).query({ limit: posts.length }).map((p) => p.id);
}

/**
 * Calls listPosts until nextCursor is null (at most `maxPages` times) and returns the pages.
 * @param [between] runs before every page after the first
 */
function fetchAll(table: PostsTable, limit: number, between: (pageNumber: number) => void = () => {}, maxPages = 1000) {
  const pages: Array<{ items: Post[]; nextCursor: string | null; }> = [];
  let cursor: string | null = null;
  do {
    if (pages.length > 0) between(pages.length + 1);
    const page = listPosts(table, { limit, cursor });
    assert.ok(page && Array.isArray(page.items), 'listPosts should return { items: [...], nextCursor }');
    pages.push(page);
    cursor = page.nextCursor;
    if (cursor !== null) assert.match(cursor, /^[A-Za-z0-9_-]+$/, `nextCursor ${JSON.stringify(cursor)} must be base64url (A–Z a–z 0–9 - _, no padding) so it goes into a URL unescaped`);
    assert.ok(pages.length <= maxPages, `still not at the last page after ${maxPages} pages: is nextCursor ever null?`);
  } while (cursor !== null);
  return pages;
}

function duplicatesIn(ids: number[]) {
  return ids.filter((id, at) => ids.indexOf(id) !== at);
}

/** Asserts that `fn` throws a PaginationError with `code` and a message that mentions `word`. */
function assertPaginationError(fn: () => unknown, code: 'invalid_limit' | 'invalid_cursor', word: string, what: string) {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown instanceof PaginationError,
    `${what} should throw a PaginationError (which the API turns into a 400), but it ${thrown === undefined ? 'did not throw' : `threw ${thrown}`}`);
  assert.equal(thrown.code, code, `${what} should throw with code "${code}"`);
  assert.ok(new RegExp(word, 'i').test(thrown.message),
    `${what}: the error message should tell the client what is wrong with the ${word}; got ${JSON.stringify(thrown.message)}`);
}

test('the first page holds the newest posts and an opaque cursor', () => {
  const table = new PostsTable(makePosts(30));
  const page = listPosts(table, { limit: 5 });
  assert.deepEqual(page.items.map((p) => p.id), [30, 29, 28, 27, 26], 'the first page should be the 5 newest posts, newest first');
  assert.deepEqual(page.items[0], { id: 30, createdAt: '2024-05-01T12:29:00.000Z', title: 'post 30' }, 'items should be the table rows');
  assert.equal(typeof page.nextCursor, 'string', 'there are more posts, so nextCursor should be a string');
  assert.match((page.nextCursor as string), /^[A-Za-z0-9_-]+$/,
    'the cursor should be base64url (letters, digits, "-" and "_"), safe to put in a URL without escaping');
  assert.ok(!/^\d+$/.test((page.nextCursor as string)), 'the cursor should be opaque, not a bare number such as an offset');
});

test('paging to the end returns every post exactly once, in order', () => {
  const posts = makePosts(45);
  const pages = fetchAll(new PostsTable(posts), 10);
  const ids = pages.flatMap((p) => p.items.map((item) => item.id));
  assert.deepEqual(ids, expectedOrder(posts), 'following nextCursor should walk through all 45 posts, newest first, without gaps or repeats');
  assert.equal(pages.length, 5, '45 posts with limit 10 should take exactly 5 pages');
  assert.equal(pages[4].nextCursor, null, 'the last page should have nextCursor null');

  const even = fetchAll(new PostsTable(makePosts(40)), 20);
  assert.equal(even.length, 2,
    `40 posts with limit 20 should take exactly 2 pages, but took ${even.length}: when a page ends exactly at the last row, ` +
    'its nextCursor should already be null (fetch limit + 1 rows to find out), not lead to an empty page');
});

test('posts that share the same created_at are neither skipped nor repeated', () => {
  const posts = makePosts(50, { sameInstant: 7 }); // 7 posts per instant
  const ids = fetchAll(new PostsTable(posts), 5).flatMap((p) => p.items.map((item) => item.id));
  const dupes = duplicatesIn(ids);
  assert.deepEqual(dupes, [], `these posts were returned twice: ${dupes.join(', ')}. A cursor with only created_at cannot tell apart posts of the same instant; add the id as a tie-breaker`);
  const missing = expectedOrder(posts).filter((id) => !ids.includes(id));
  assert.deepEqual(missing, [], `these posts were never returned: ${missing.join(', ')}. The cursor must hold (created_at, id), and the next page must continue strictly after that pair`);
  assert.deepEqual(ids, expectedOrder(posts), 'posts should come newest first, and by id descending within the same instant');
});

test('new posts inserted at the head while paging cause no duplicates and no gaps', () => {
  const posts = makePosts(60);
  const table = new PostsTable(posts);
  let nextId = 1000;
  let newest = Date.parse(posts[posts.length - 1].createdAt);
  const pages = fetchAll(table, 10, () => {
    // Three new posts arrive between every two requests, as on a busy feed.
    for (let i = 0; i < 3; i++) {
      newest += 1000;
      table.insert({ id: nextId++, createdAt: new Date(newest).toISOString(), title: 'breaking news' });
    }
  });
  const ids = pages.flatMap((p) => p.items.map((item) => item.id));
  const dupes = duplicatesIn(ids);
  assert.deepEqual(dupes, [],
    `posts ${dupes.join(', ')} were shown twice: with OFFSET, every insert at the head shifts the rows down, so the next page repeats some. A keyset cursor continues after the last row seen`);
  assert.deepEqual(ids, expectedOrder(posts),
    'the client should see exactly the 60 posts that existed when it started, in order; posts newer than the first page belong to a refresh, not to the next page');
});

test('the post a cursor points at may be deleted before the next page is fetched', () => {
  const posts = makePosts(25);
  const table = new PostsTable(posts);
  const first = listPosts(table, { limit: 10 });
  const lastSeen = first.items[first.items.length - 1];
  table.delete(lastSeen.id);
  const second = listPosts(table, { limit: 10, cursor: first.nextCursor });
  assert.deepEqual(second.items.map((p) => p.id), [15, 14, 13, 12, 11, 10, 9, 8, 7, 6],
    'the cursor is a position in the order, not a row: the next page should continue right after the deleted post');
});

test('limit defaults to 20 and is capped at 100', () => {
  const table = new PostsTable(makePosts(250));
  assert.equal(listPosts(table).items.length, DEFAULT_LIMIT, 'without a limit, a page should hold DEFAULT_LIMIT (20) posts');
  assert.equal(listPosts(table, { limit: 1 }).items.length, 1, 'limit 1 is valid');
  assert.equal(listPosts(table, { limit: 100 }).items.length, 100, 'limit 100 is the maximum and is valid');
  const big = listPosts(table, { limit: 5000 });
  assert.equal(big.items.length, MAX_LIMIT,
    'a client asking for 5000 posts should get at most MAX_LIMIT (100): one request must not be able to load the whole table');
  assert.equal(typeof big.nextCursor, 'string', 'a capped page still has a nextCursor to the rest');
});

test('an invalid limit is rejected with a PaginationError "invalid_limit"', () => {
  const table = new PostsTable(makePosts(5));
  for (const limit of [0, -5, 2.5, NaN, Infinity, '10']) {
    const shown = typeof limit === 'string' ? JSON.stringify(limit) : String(limit);
    assertPaginationError(() => listPosts(table, { limit: (limit as any) }), 'invalid_limit', 'limit', `limit ${shown}`);
  }
});

test('a malformed cursor is rejected with a PaginationError "invalid_cursor"', () => {
  const table = new PostsTable(makePosts(30));
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const valid = (listPosts(table, { limit: 5 }).nextCursor as string);
  const badCursors = {
    'an empty string': '',
    'text with characters outside base64url': 'not a cursor!',
    'base64url of something that is not JSON': b64('hello there'),
    'base64url of a JSON number': b64('42'),
    'base64url of JSON with the wrong fields': b64('{"page":3}'),
    'a valid cursor with a character changed': valid.slice(0, 3) + (valid[3] === 'A' ? 'B' : 'A') + valid.slice(4),
    'a valid cursor cut in half': valid.slice(0, Math.floor(valid.length / 2)),
  };
  for (const [what, cursor] of Object.entries(badCursors)) {
    assertPaginationError(() => listPosts(table, { limit: 5, cursor }), 'invalid_cursor', 'cursor', `cursor = ${what}`);
  }
});
