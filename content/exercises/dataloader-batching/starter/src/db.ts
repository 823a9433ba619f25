/**
 * An in-memory stand-in for the blog's database. It is provided: read it, but do not change it.
 *
 * Every method is one query: it counts itself in `queryCount`, records itself in `queries`, and
 * waits for a turn of the event loop before answering, like a network round trip would.
 * The tests read `queryCount` and `queries` the way an integration test counts the SQL statements
 * a request runs.
 */

import { setImmediate as roundTrip } from 'node:timers/promises';

export interface Author {
  id: number;
  name: string;
}

export interface Post {
  id: number;
  title: string;
  authorId: number;
}

/** One query the database received. */
export interface Query {
  name: 'listPosts' | 'getAuthorById' | 'getAuthorsByIds' | 'renameAuthor';
  args: unknown[];
}

export class Database {
  /** How many queries have been run so far. */
  queryCount = 0;
  /** every query so far, oldest first */
  queries: Query[] = [];

  #authors = new Map<number, Author>();
  #posts: Post[] = [];

  /** @param data the initial rows */
  constructor({ authors, posts }: { authors: Author[], posts: Post[] }) {
    for (const author of authors) this.#authors.set(author.id, { ...author });
    this.#posts = posts.map((post) => ({ ...post }));
  }

  /** SELECT id, title, author_id FROM posts ORDER BY id */
  async listPosts(): Promise<Post[]> {
    this.#record('listPosts', []);
    await roundTrip();
    return this.#posts.map((post) => ({ ...post }));
  }

  /**
   * SELECT id, name FROM authors WHERE id = $1
   * @returns null when there is no such author
   */
  async getAuthorById(id: number): Promise<Author | null> {
    this.#record('getAuthorById', [id]);
    await roundTrip();
    const author = this.#authors.get(id);
    return author ? { ...author } : null;
  }

  /**
   * SELECT id, name FROM authors WHERE id = ANY($1)
   *
   * Like the SQL it stands for, it returns only the rows that exist, each once, in NO particular
   * order (there is no ORDER BY): do not assume the result lines up with `ids`.
   */
  async getAuthorsByIds(ids: readonly number[]): Promise<Author[]> {
    this.#record('getAuthorsByIds', [[...ids]]);
    await roundTrip();
    const wanted = new Set(ids);
    return [...this.#authors.values()].filter((author) => wanted.has(author.id)).map((author) => ({ ...author }));
  }

  /** UPDATE authors SET name = $2 WHERE id = $1 (another request editing a profile). */
  async renameAuthor(id: number, name: string): Promise<void> {
    this.#record('renameAuthor', [id, name]);
    await roundTrip();
    const author = this.#authors.get(id);
    if (author) author.name = name;
  }

  #record(name: Query['name'], args: unknown[]): void {
    this.queryCount++;
    this.queries.push({ name, args });
  }
}
