// mutant: decodes the cursor without checking its alphabet, fields or timestamp, so a hand-edited cursor reaches the query; breaks the rule that anything encodeCursor could not have produced throws invalid_cursor
import type { Position, Post, PostsTable } from './posts-table.ts';

/** One page of results. `nextCursor` is null on the last page. */
export type Page = { items: Post[], nextCursor: string | null };

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** The error for a bad `limit` or `cursor`: the HTTP layer turns it into a 400 with `code` and `message`. */
export class PaginationError extends Error {
  readonly code: 'invalid_limit' | 'invalid_cursor';

  /** @param message a sentence a client developer can act on */
  constructor(code: 'invalid_limit' | 'invalid_cursor', message: string) {
    super(message);
    this.name = 'PaginationError';
    this.code = code;
  }
}

// The cursor's JSON carries a version so the format can change later while old cursors keep working
// (or are rejected on purpose). Short field names keep URLs short.
const CURSOR_VERSION = 1;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Turns the position of a post into an opaque cursor string: URL-safe base64 (base64url), so that
 * clients pass it back untouched instead of building or editing it.
 *
 * Opaque is not secret: anyone can decode base64. If the position were sensitive you would encrypt or
 * sign it; here the point is only that clients must not depend on its format.
 */
export function encodeCursor(position: Position): string {
  const json = JSON.stringify({ v: CURSOR_VERSION, t: position.createdAt, i: position.id });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/**
 * Reads a cursor back. Anything that did not come from encodeCursor() is rejected with
 * PaginationError('invalid_cursor', …): wrong alphabet, not JSON, wrong shape or types, bad timestamp.
 */
export function decodeCursor(cursor: string): Position {
  const invalid = (why: string) =>
    new PaginationError('invalid_cursor', `invalid cursor: ${why}. Pass back the nextCursor of the previous page unchanged, or omit it for the first page.`);

  // Buffer.from(…, 'base64url') silently skips characters outside the alphabet, so check first.
  if (typeof cursor !== 'string' || !cursor) throw invalid('it is empty');

  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it does not decode to JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid('it does not decode to an object');

  const { v, t, i } = (data as Record<string, unknown>);
  void v;
  return { createdAt: t as string, id: i as number };
}

/**
 * GET /posts?limit=…&cursor=…, newest first, with keyset pagination.
 *
 * Why not OFFSET? `LIMIT 20 OFFSET 100000` makes the database read and throw away 100,000 rows, and
 * when new rows arrive at the head between two requests, every row shifts down: the next page repeats
 * rows the client has already seen. A cursor names a *position in the order* instead of a row count,
 * so the next page starts exactly after the last row the client saw, through the index, at any depth.
 */
export function listPosts(table: PostsTable, params: { limit?: number; cursor?: string | null; } = {}): Page {
  const limit = normaliseLimit(params.limit);
  const after = params.cursor === undefined || params.cursor === null ? null : decodeCursor(params.cursor);

  // Ask for one row more than the page needs: if it comes back, there is a next page. This avoids a
  // COUNT(*) and never hands the client an empty last page.
  const rows = table.query({ after, limit: limit + 1 });
  const items = rows.slice(0, limit);
  const hasMore = rows.length > limit;

  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor(last) : null };
}

function normaliseLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw new PaginationError('invalid_limit', `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${typeof limit === 'number' ? limit : JSON.stringify(limit)}`);
  }
  // Asking for more than the maximum is not an error: the client gets the maximum and a cursor.
  return Math.min(limit, MAX_LIMIT);
}
