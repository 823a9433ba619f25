import { createLoader } from './loader.ts';
import type { Author, Database } from './db.ts';

export interface PostWithAuthor {
  id: number;
  title: string;
  author: Author | null;
}

void createLoader; // you will need it below

/**
 * The data behind the blog's home page: every post with its author.
 * A post whose author no longer exists gets `author: null` (the page shows "[deleted]").
 *
 * @returns the posts in the same order as db.listPosts()
 */
export async function listPostsWithAuthors(db: Database): Promise<PostWithAuthor[]> {
  const posts = await db.listPosts();

  // TODO: this is the N+1 query problem: one query for the posts, then one more per post.
  // With 100 posts that is 101 queries, and it gets worse every time someone writes a post.
  // Create a loader for authors (a new one on every call: its cache belongs to this request only),
  // give it a batch function built on db.getAuthorsByIds(), and load each post's author through it.
  return Promise.all(
    posts.map(async (post) => ({
      id: post.id,
      title: post.title,
      author: await db.getAuthorById(post.authorId),
    })),
  );
}
