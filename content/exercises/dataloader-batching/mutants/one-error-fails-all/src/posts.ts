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
export async function listPostsWithAuthors(db: Database): Promise<PostWithAuthor[]> {
  // A new loader per call, i.e. per request: its cache holds what this request has seen, and dies
  // with it. A loader shared between requests would be a cache with no TTL and no invalidation.
  const authors = createLoader(authorsById(db));

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
