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

/**
 * Turns the position of a post into an opaque cursor string: URL-safe base64 (base64url), so that
 * clients pass it back untouched instead of building or editing it.
 */
export function encodeCursor(position: Position): string {
  // TODO: serialise the position and encode it as base64url (Buffer can do both directions).
  throw new Error('TODO: encodeCursor is not written yet');
}

/**
 * Reads a cursor back. Anything that did not come from encodeCursor() is rejected with
 * PaginationError('invalid_cursor', …): wrong alphabet, not JSON, wrong shape or types, bad timestamp.
 */
export function decodeCursor(cursor: string): Position {
  // TODO: never trust a cursor, it comes from the client. Check every step.
  throw new Error('TODO: decodeCursor is not written yet');
}

/**
 * GET /posts?limit=…&cursor=…, newest first, with keyset pagination.
 *
 * - limit: undefined → DEFAULT_LIMIT; a whole number ≥ 1, capped at MAX_LIMIT; anything else →
 *   PaginationError('invalid_limit', …).
 * - cursor: undefined or null → the first page; otherwise the nextCursor of the previous page.
 */
export function listPosts(table: PostsTable, params: { limit?: number; cursor?: string | null; } = {}): Page {
  // TODO 1. Validate and normalise the limit.
  // TODO 2. Decode the cursor (if any) into a position.
  // TODO 3. Ask the table for the rows after that position with table.query({ after, limit }).
  //         How do you know whether there is a next page without an extra query or a COUNT(*)?
  // TODO 4. Build nextCursor from the last item of this page, or null when this is the last page.
  throw new Error('TODO: listPosts is not written yet');
}
