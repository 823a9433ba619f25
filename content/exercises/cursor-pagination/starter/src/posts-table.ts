// A stand-in for a database table with an index on (created_at DESC, id DESC).
// You do not need to change this file; src/paginate.ts is yours.

/**
 * A row of the table. `createdAt` is an ISO-8601 UTC timestamp as produced by Date#toISOString(),
 * so comparing two of them as strings compares them in time.
 */
export type Post = { id: number, createdAt: string, title: string };

/** The position of a row in the sort order: everything a keyset query needs to continue after it. */
export type Position = { createdAt: string, id: number };

/**
 * Compares two positions in the table's order: newest first, and for the same instant higher id first.
 * @returns < 0 when a comes before b
 */
export function compareNewestFirst(a: Position, b: Position): number {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt ? -1 : 1;
  return b.id - a.id;
}

export class PostsTable {
  /** @type  always sorted with compareNewestFirst, like the index */
  #rows: Post[] = [];

  constructor(posts: Post[] = []) {
    for (const post of posts) this.insert(post);
  }

  /** How many rows the table holds. */
  get size() {
    return this.#rows.length;
  }

  /** INSERT INTO posts … (ids must be unique). */
  insert(post: Post) {
    if (this.#rows.some((row) => row.id === post.id)) throw new Error(`duplicate id ${post.id}`);
    const at = this.#firstIndexAfter(post, true);
    this.#rows.splice(at, 0, { ...post });
  }

  /**
   * DELETE FROM posts WHERE id = ?
   * @returns whether a row was deleted
   */
  delete(id: number): boolean {
    const at = this.#rows.findIndex((row) => row.id === id);
    if (at === -1) return false;
    this.#rows.splice(at, 1);
    return true;
  }

  /**
   * The keyset query. With `after` it is:
   *
   *   SELECT * FROM posts
   *   WHERE (created_at, id) < (:after.createdAt, :after.id)
   *   ORDER BY created_at DESC, id DESC
   *   LIMIT :limit
   *
   * and without `after` (null) the WHERE clause is left out. `after` does not have to be a row that
   * still exists: the query continues from that position in the order, whatever is there now.
   * Like a database driver, it rejects parameters of the wrong type with a TypeError.
   *
   * @returns copies of at most `limit` rows
   */
  query({ after = null, limit }: { after?: Position | null; limit: number; }): Post[] {
    if (!Number.isInteger(limit) || limit < 0) throw new TypeError(`LIMIT must be a non-negative integer, got ${limit}`);
    let start = 0;
    if (after !== null) {
      if (typeof after !== 'object' || typeof after.createdAt !== 'string' || !Number.isInteger(after.id)) {
        throw new TypeError(`after must be { createdAt: string, id: integer }, got ${JSON.stringify(after)}`);
      }
      start = this.#firstIndexAfter(after, false);
    }
    return this.#rows.slice(start, start + limit).map((row) => ({ ...row }));
  }

  /**
   * Binary search, like walking down a B-tree index: the index of the first row that sorts after
   * `position` (or, when `inclusive`, not before it). Cost O(log n), however deep into the table.
   */
  #firstIndexAfter(position: Position, inclusive: boolean) {
    let low = 0;
    let high = this.#rows.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const order = compareNewestFirst(this.#rows[mid], position);
      if (order < 0 || (!inclusive && order === 0)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
