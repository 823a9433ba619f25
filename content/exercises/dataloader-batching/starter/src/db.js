// @ts-check
/**
 * An in-memory stand-in for the blog's database. It is provided: read it, but do not change it.
 *
 * Every method is one query: it counts itself in `queryCount`, records itself in `queries`, and
 * waits for a turn of the event loop before answering, like a network round trip would.
 * The tests read `queryCount` and `queries` the way an integration test counts the SQL statements
 * a request runs.
 */

import { setImmediate as roundTrip } from 'node:timers/promises';

/** @typedef {{ id: number, name: string }} Author */
/** @typedef {{ id: number, title: string, authorId: number }} Post */
/**
 * One query the database received.
 * @typedef {{ name: 'listPosts' | 'getAuthorById' | 'getAuthorsByIds' | 'renameAuthor', args: unknown[] }} Query
 */

export class Database {
  /** How many queries have been run so far. */
  queryCount = 0;
  /** @type {Query[]} every query so far, oldest first */
  queries = [];

  /** @type {Map<number, Author>} */
  #authors = new Map();
  /** @type {Post[]} */
  #posts = [];

  /**
   * @param {{ authors: Author[], posts: Post[] }} data the initial rows
   */
  constructor({ authors, posts }) {
    for (const author of authors) this.#authors.set(author.id, { ...author });
    this.#posts = posts.map((post) => ({ ...post }));
  }

  /**
   * SELECT id, title, author_id FROM posts ORDER BY id
   * @returns {Promise<Post[]>}
   */
  async listPosts() {
    this.#record('listPosts', []);
    await roundTrip();
    return this.#posts.map((post) => ({ ...post }));
  }

  /**
   * SELECT id, name FROM authors WHERE id = $1
   * @param {number} id
   * @returns {Promise<Author | null>} null when there is no such author
   */
  async getAuthorById(id) {
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
   *
   * @param {readonly number[]} ids
   * @returns {Promise<Author[]>}
   */
  async getAuthorsByIds(ids) {
    this.#record('getAuthorsByIds', [[...ids]]);
    await roundTrip();
    const wanted = new Set(ids);
    return [...this.#authors.values()].filter((author) => wanted.has(author.id)).map((author) => ({ ...author }));
  }

  /**
   * UPDATE authors SET name = $2 WHERE id = $1 (another request editing a profile).
   * @param {number} id
   * @param {string} name
   */
  async renameAuthor(id, name) {
    this.#record('renameAuthor', [id, name]);
    await roundTrip();
    const author = this.#authors.get(id);
    if (author) author.name = name;
  }

  /**
   * @param {Query['name']} name
   * @param {unknown[]} args
   */
  #record(name, args) {
    this.queryCount++;
    this.queries.push({ name, args });
  }
}
