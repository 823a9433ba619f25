import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { SCHEMA, type Db } from '../src/db.ts';
import { listPosts, type Cursor, type Page } from '../src/feed.ts';

// One PostgreSQL (PGlite, in this process) for the whole file; every test gets a fresh posts table.
let pg: PGlite;
before(async () => { pg = await PGlite.create(); });
after(async () => { await pg.close(); });
beforeEach(async () => { await pg.exec(`DROP TABLE IF EXISTS posts; ${SCHEMA}`); });

type Call = { sql: string; params: unknown[] };

/** The database as listPosts gets it, recording each statement and its parameters. */
function recording(): { db: Db; calls: Call[] } {
  const calls: Call[] = [];
  const db: Db = {
    query<T>(sql: string, params?: unknown[]) {
      calls.push({ sql, params: params ?? [] });
      return pg.query<T>(sql, params);
    },
  };
  return { db, calls };
}

/**
 * Inserts `count` posts, oldest first (so newer posts get higher ids). `perInstant` consecutive posts
 * share one created_at; instants are `stepMicros` microseconds apart.
 */
async function insertPosts(count: number, { perInstant = 1, stepMicros = 1_000_000, start = '2026-03-01 09:00:00.000001+00' } = {}): Promise<void> {
  await pg.query(
    `INSERT INTO posts (created_at, title)
     SELECT $1::timestamptz + ((g - 1) / $2) * make_interval(secs => $3::double precision / 1000000), 'post ' || g
     FROM generate_series(1, $4) AS g`,
    [start, perInstant, stepMicros, count],
  );
}

async function insertAt(createdAt: string, title: string): Promise<number> {
  const { rows } = await pg.query<{ id: number }>('INSERT INTO posts (created_at, title) VALUES ($1, $2) RETURNING id', [createdAt, title]);
  return rows[0]!.id;
}

/** Every id in the order the feed must show them (the test's own reference query). */
async function feedOrder(): Promise<number[]> {
  const { rows } = await pg.query<{ id: number }>('SELECT id FROM posts ORDER BY created_at DESC, id DESC');
  return rows.map((r) => r.id);
}

/**
 * Follows `next` until it is null. The cursor goes through JSON on the way, like a real client's.
 * @param between runs before every page after the first, with the cursor about to be used
 */
async function fetchAll(db: Db, limit: number, between: (cursor: Cursor) => Promise<void> = async () => {}): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: Cursor | null = null;
  do {
    if (cursor) await between(cursor);
    const page = await listPosts(db, cursor, limit);
    assert.ok(page && Array.isArray(page.items), 'listPosts returns { items: [...], next }');
    pages.push(page);
    cursor = page.next === null ? null : (JSON.parse(JSON.stringify(page.next)) as Cursor);
    assert.ok(pages.length <= 500, 'still not at the last page after 500 pages: is next ever null?');
  } while (cursor !== null);
  return pages;
}

const idsOf = (pages: Page[]) => pages.flatMap((p) => p.items.map((i) => i.id));
const duplicates = (ids: number[]) => ids.filter((id, at) => ids.indexOf(id) !== at);

function assertEveryPostOnce(seen: number[], expected: number[]): void {
  assert.deepEqual(duplicates(seen), [], 'a post was sent twice (duplicates across pages)');
  const missing = expected.filter((id) => !seen.includes(id));
  assert.deepEqual(missing, [], 'posts were skipped (gaps between pages)');
  assert.deepEqual(seen, expected, 'every post exactly once, newest first, ties by id highest first');
}

test('newest first, posts sharing a created_at by id (highest first), with id, title and createdAt', async () => {
  await insertPosts(47, { perInstant: 5 });
  const { db } = recording();
  const pages = await fetchAll(db, 10);
  assertEveryPostOnce(idsOf(pages), await feedOrder());
  const first = pages[0]!.items[0]!;
  assert.equal(first.title, 'post 47');
  assert.ok(first.createdAt instanceof Date, 'createdAt is a Date');
});

test('a page can end in the middle of many posts with the same created_at', async () => {
  await insertPosts(40, { perInstant: 40 });
  const { db } = recording();
  assertEveryPostOnce(idsOf(await fetchAll(db, 7)), await feedOrder());
});

test('the cursor keeps created_at to the microsecond (posts 1 µs apart)', async () => {
  await insertPosts(30, { stepMicros: 1, start: '2026-03-01 09:00:00.123001+00' });
  const { db } = recording();
  assertEveryPostOnce(idsOf(await fetchAll(db, 4)), await feedOrder());
});

test('posts written while a client pages through: no duplicates and no gaps', async () => {
  await insertPosts(60, { perInstant: 3 });
  const before = await feedOrder();
  const { db } = recording();
  let older = 0;
  const lateOnes: number[] = [];
  const pages = await fetchAll(db, 10, async (cursor) => {
    // New posts arrive at the top of the feed, one of them at the very instant of the cursor's post.
    await insertPosts(3, { start: '2026-03-02 10:00:00+00' });
    await insertAt(cursor.createdAt, 'same instant as the cursor, newer id');
    // A post backdated below everything (an import) belongs after the cursor and must still be shown.
    lateOnes.push(await insertAt(`2026-02-0${1 + older++} 00:00:00+00`, 'backdated'));
  });
  assertEveryPostOnce(idsOf(pages), [...before, ...lateOnes.reverse()]);
});

test('next is null on the last page and only there: never a page that comes back empty', async () => {
  for (const count of [30, 31, 9, 0]) {
    await pg.exec(`DROP TABLE IF EXISTS posts; ${SCHEMA}`);
    await insertPosts(count);
    const { db } = recording();
    const pages = await fetchAll(db, 10);
    assert.equal(pages.length, Math.max(1, Math.ceil(count / 10)), `${count} posts, limit 10: ${Math.max(1, Math.ceil(count / 10))} pages`);
    pages.slice(0, -1).forEach((p, i) => assert.equal(p.items.length, 10, `${count} posts: page ${i + 1} is full`));
    if (count > 0) assert.ok(pages.at(-1)!.items.length > 0, `${count} posts: the last page has posts (a full page is not proof that more exist)`);
  }
});

test('one query per page, with the cursor sent as parameters, never pasted into the SQL', async () => {
  await insertPosts(25, { perInstant: 2 });
  const { db, calls } = recording();
  const first = await listPosts(db, null, 10);
  assert.equal(calls.length, 1, 'the first page is one query');
  const cursor = first.next!;
  assert.ok(cursor, 'the first of three pages has a next cursor');
  assert.equal(typeof cursor.createdAt, 'string', 'cursor.createdAt is a string');
  assert.equal(typeof cursor.id, 'number', 'cursor.id is a number');
  await listPosts(db, cursor, 10);
  assert.equal(calls.length, 2, 'the next page is one query (no COUNT, no lookup of the cursor row)');
  const { sql, params } = calls[1]!;
  assert.ok(!sql.includes(cursor.createdAt) && !sql.includes(cursor.createdAt.slice(0, 19)), `the cursor's timestamp is not in the SQL text: ${sql}`);
  assert.ok(!new RegExp(`\\b${cursor.id}\\b`).test(sql), `the cursor's id is not in the SQL text: ${sql}`);
  assert.ok(params.includes(cursor.createdAt), 'the cursor\'s created_at is a parameter');
  assert.ok(params.some((p) => Number(p) === cursor.id), 'the cursor\'s id is a parameter');
});

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Index Cond'?: string; 'Relation Name'?: string; Plans?: PlanNode[] };
function* walk(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

test('deep pages seek through posts_created_id_idx: an Index Cond, no Sort, no Seq Scan', async () => {
  await insertPosts(20_000, { perInstant: 4 });
  await pg.exec('ANALYZE posts');
  const { db, calls } = recording();
  let page = await listPosts(db, null, 20);
  for (let i = 0; i < 3; i++) page = await listPosts(db, page.next, 20);
  for (const [n, { sql, params }] of calls.entries()) {
    const { rows } = await pg.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    const nodes = [...walk(rows[0]!['QUERY PLAN'][0]!.Plan)];
    const plan = nodes.map((x) => x['Node Type'] + (x['Index Name'] ? ` using ${x['Index Name']}` : '')).join(' > ');
    assert.ok(!nodes.some((x) => x['Node Type'] === 'Seq Scan'), `page ${n + 1} reads the whole table (${plan})`);
    assert.ok(!nodes.some((x) => /Sort/.test(x['Node Type'])), `page ${n + 1} sorts rows itself instead of reading them in index order (${plan})`);
    const scan = nodes.find((x) => x['Index Name'] === 'posts_created_id_idx');
    assert.ok(scan, `page ${n + 1} uses posts_created_id_idx (${plan})`);
    if (n > 0) assert.ok(scan['Index Cond'], `page ${n + 1} starts reading the index at the cursor (an Index Cond), not from the top with a Filter (${plan})`);
  }
});
