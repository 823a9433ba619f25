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

/**
 * One page of the feed, newest first, continuing right after `after` (null = the first page).
 * One SQL query per call; see README.md for the rules.
 */
export async function listPosts(db: Db, after: Cursor | null, limit: number): Promise<Page> {
  // TODO: replace this OFFSET query (it repeats posts when new ones arrive) with a keyset query.
  void after;
  const { rows } = await db.query<{ id: number; title: string; created_at: Date }>(
    'SELECT id, title, created_at FROM posts ORDER BY created_at DESC LIMIT $1',
    [limit],
  );
  return { items: rows.map((r) => ({ id: r.id, title: r.title, createdAt: r.created_at })), next: null };
}
