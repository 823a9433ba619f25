// @ts-check

/**
 * @typedef {import('./posts-table.js').Post} Post
 * @typedef {import('./posts-table.js').Position} Position
 * @typedef {import('./posts-table.js').PostsTable} PostsTable
 */

/**
 * One page of results. `nextCursor` is null on the last page.
 * @typedef {{ items: Post[], nextCursor: string | null }} Page
 */

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/**
 * The error for a bad `limit` or `cursor`: the HTTP layer turns it into a 400 with `code` and `message`.
 */
export class PaginationError extends Error {
  /**
   * @param {'invalid_limit' | 'invalid_cursor'} code
   * @param {string} message a sentence a client developer can act on
   */
  constructor(code, message) {
    super(message);
    this.name = 'PaginationError';
    this.code = code;
  }
}

/**
 * Turns the position of a post into an opaque cursor string: URL-safe base64 (base64url), so that
 * clients pass it back untouched instead of building or editing it.
 *
 * @param {Position} position
 * @returns {string}
 */
export function encodeCursor(position) {
  // TODO: serialise the position and encode it as base64url (Buffer can do both directions).
  throw new Error('TODO: encodeCursor is not written yet');
}

/**
 * Reads a cursor back. Anything that did not come from encodeCursor() is rejected with
 * PaginationError('invalid_cursor', …): wrong alphabet, not JSON, wrong shape or types, bad timestamp.
 *
 * @param {string} cursor
 * @returns {Position}
 */
export function decodeCursor(cursor) {
  // TODO: never trust a cursor, it comes from the client. Check every step.
  throw new Error('TODO: decodeCursor is not written yet');
}

/**
 * GET /posts?limit=…&cursor=…, newest first, with keyset pagination.
 *
 * - limit: undefined → DEFAULT_LIMIT; a whole number ≥ 1, capped at MAX_LIMIT; anything else →
 *   PaginationError('invalid_limit', …).
 * - cursor: undefined or null → the first page; otherwise the nextCursor of the previous page.
 *
 * @param {PostsTable} table
 * @param {{ limit?: number, cursor?: string | null }} [params]
 * @returns {Page}
 */
export function listPosts(table, params = {}) {
  // TODO 1. Validate and normalise the limit.
  // TODO 2. Decode the cursor (if any) into a position.
  // TODO 3. Ask the table for the rows after that position with table.query({ after, limit }).
  //         How do you know whether there is a next page without an extra query or a COUNT(*)?
  // TODO 4. Build nextCursor from the last item of this page, or null when this is the last page.
  throw new Error('TODO: listPosts is not written yet');
}
