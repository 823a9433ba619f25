import type { Db } from './db.ts';

/** A post as the API returns it. */
export interface Post {
  id: number;
  title: string;
  createdAt: Date;
}

/**
 * Where a page ended: the sort key of its last post. It travels through JSON to the client and back,
 * so it holds only strings and numbers.
 */
export interface Cursor {
  /** created_at of the last post, exactly as PostgreSQL stores it (all six decimals). */
  createdAt: string;
  id: number;
}

export interface Page {
  items: Post[];
  /** null on the last page, and only there. */
  next: Cursor | null;
}

type Row = { id: number; title: string; created_at: Date; created_at_text: string };

// The ORDER BY matches the index (created_at DESC, id DESC) column for column, so PostgreSQL reads the
// index from the cursor onwards and stops after limit + 1 entries: no sort, at any depth.
// created_at::text keeps the microseconds that a JavaScript Date would drop; fed back as a parameter
// it is parsed as a timestamptz again, exactly.
const FIRST_PAGE = `
  SELECT id, title, created_at, created_at::text AS created_at_text
  FROM posts
  ORDER BY created_at DESC, id DESC
  LIMIT $1`;

// The row-value comparison is one condition on the index's two columns: "strictly after (ts, id) in
// this order". Written as `created_at < $1 OR (created_at = $1 AND id < $2)` it means the same, but
// the planner can no longer seek with it and filters the index from the top.
const NEXT_PAGE = `
  SELECT id, title, created_at, created_at::text AS created_at_text
  FROM posts
  WHERE (created_at, id) < ($1::timestamptz, $2::integer)
  ORDER BY created_at DESC, id DESC
  LIMIT $3`;

/**
 * One page of the feed, newest first, continuing right after `after` (null = the first page).
 * One SQL query per call; see README.md for the rules.
 */
export async function listPosts(db: Db, after: Cursor | null, limit: number): Promise<Page> {
  // One row more than asked tells whether another page exists, without a COUNT query.
  const { rows } = after === null
    ? await db.query<Row>(FIRST_PAGE, [limit + 1])
    : await db.query<Row>(NEXT_PAGE, [after.createdAt, after.id, limit + 1]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ id: r.id, title: r.title, createdAt: r.created_at })),
    next: rows.length > limit && last ? { createdAt: last.created_at_text, id: last.id } : null,
  };
}
