// mutant: creates one authors loader for the whole module, so its cache outlives the request and serves a stale name; breaks 'create a new loader on every call'
import { createLoader } from './loader.ts';
import type { BatchFn } from './loader.ts';
import type { Author, Database } from './db.ts';

export interface PostWithAuthor {
  id: number;
  title: string;
  author: Author | null;
}

/**
 * The batch function for authors: one `WHERE id = ANY($1)` query for all the ids of a tick.
 * The database returns rows in any order and skips ids that do not exist, so we index the rows by id
 * and answer in key order, with null for a missing author (a deleted account is not an error).
 */
function authorsById(db: Database): BatchFn<number, Author | null> {
  return async (ids) => {
    const rows = await db.getAuthorsByIds(ids);
    const byId = new Map(rows.map((author) => [author.id, author]));
    return ids.map((id) => byId.get(id) ?? null);
  };
}

/**
 * The data behind the blog's home page: every post with its author.
 * A post whose author no longer exists gets `author: null` (the page shows "[deleted]").
 *
 * @returns the posts in the same order as db.listPosts()
 */
let shared: { db: Database, authors: ReturnType<typeof createLoader<number, Author | null>> } | undefined;

export async function listPostsWithAuthors(db: Database): Promise<PostWithAuthor[]> {
  // build the loader once per database and reuse it: fewer allocations
  if (shared?.db !== db) shared = { db, authors: createLoader(authorsById(db)) };
  const authors = shared.authors;

  const posts = await db.listPosts();
  // Every load() below happens in the same tick, so the loader turns them into one query.
  return Promise.all(
    posts.map(async (post) => ({
      id: post.id,
      title: post.title,
      author: await authors.load(post.authorId),
    })),
  );
}
