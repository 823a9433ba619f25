/**
 * Keyset (cursor) pagination examples, one per data-access library the offset-pagination rule recognises.
 * The rule tags each finding with the library it saw; the editor opens the matching example beside the code.
 * Every example pages newest-first on (createdAt, id): the id breaks ties between rows with the same time.
 */

export const KEYSET_FLAVORS = ['sql', 'prisma', 'typeorm', 'sequelize', 'mongoose', 'mongodb', 'knex', 'kysely', 'drizzle'] as const;
export type KeysetFlavor = (typeof KEYSET_FLAVORS)[number];

export const isKeysetFlavor = (s: string): s is KeysetFlavor => (KEYSET_FLAVORS as readonly string[]).includes(s);

const LIBRARY_OF_MODULE: [RegExp, KeysetFlavor][] = [
  [/^@prisma\//, 'prisma'],
  [/^typeorm$|^@nestjs\/typeorm$/, 'typeorm'],
  [/^sequelize(-typescript)?$|^@nestjs\/sequelize$/, 'sequelize'],
  [/^mongoose$|^@nestjs\/mongoose$/, 'mongoose'],
  [/^mongodb$/, 'mongodb'],
  [/^knex$|^objection$/, 'knex'],
  [/^kysely$/, 'kysely'],
  [/^drizzle-orm/, 'drizzle'],
];

/**
 * The library a finding is about: from the receiver's resolved package type when known (`prisma.Delegate`,
 * `typeorm.QueryBuilder`, …), else from the file's imports, else plain SQL.
 */
export function keysetFlavor(imports: readonly string[], pkgType?: string): KeysetFlavor {
  const head = pkgType?.split('.')[0]?.replace(/^@prisma\/client$/, 'prisma').replace(/^drizzle-orm$/, 'drizzle');
  if (head && isKeysetFlavor(head)) return head;
  for (const m of imports) for (const [re, flavor] of LIBRARY_OF_MODULE) if (re.test(m)) return flavor;
  return 'sql';
}

const NAMES: Record<KeysetFlavor, string> = {
  sql: 'SQL (node-postgres)',
  prisma: 'Prisma',
  typeorm: 'TypeORM',
  sequelize: 'Sequelize',
  mongoose: 'Mongoose',
  mongodb: 'the MongoDB driver',
  knex: 'Knex',
  kysely: 'Kysely',
  drizzle: 'Drizzle',
};

export const keysetLibraryName = (flavor: KeysetFlavor): string => NAMES[flavor];

/** The cursor helpers every example shares: an opaque, validated base64url token for the last row of a page. */
const CURSOR = `// The cursor is the sort key of the last row the client saw, as an opaque token.
interface Cursor { createdAt: string; id: number }

export function encodeCursor(row: { createdAt: Date; id: number }): string {
  return Buffer.from(JSON.stringify({ createdAt: row.createdAt.toISOString(), id: row.id })).toString('base64url');
}

export function decodeCursor(token: string): Cursor {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) throw new Error('invalid cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new Error('invalid cursor');
  }
  const c = parsed as Partial<Cursor>;
  if (typeof c.createdAt !== 'string' || Number.isNaN(Date.parse(c.createdAt)) || !Number.isSafeInteger(c.id)) throw new Error('invalid cursor');
  return { createdAt: c.createdAt, id: c.id! };
}

// Ask for one row more than the page: if it comes back, there is a next page.
export function toPage<T extends { createdAt: Date; id: number }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
`;

const BODIES: Record<KeysetFlavor, { imports: string; body: string; index: string }> = {
  sql: {
    imports: "import type { Pool } from 'pg';",
    index: 'CREATE INDEX posts_created_id ON posts (created_at DESC, id DESC);',
    body: `export async function listPosts(pool: Pool, limit: number, after?: string) {
  const c = after ? decodeCursor(after) : undefined;
  // A row comparison: everything strictly after (older than) the last row of the previous page.
  const { rows } = await pool.query(
    \`SELECT id, title, created_at AS "createdAt" FROM posts
     WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
     ORDER BY created_at DESC, id DESC
     LIMIT $3\`,
    [c?.createdAt ?? null, c?.id ?? null, limit + 1],
  );
  return toPage(rows, limit);
}`,
  },
  prisma: {
    imports: "import type { PrismaClient } from '@prisma/client';",
    index: '@@index([createdAt(sort: Desc), id(sort: Desc)])   // in the Post model of schema.prisma',
    body: `export async function listPosts(prisma: PrismaClient, limit: number, after?: string) {
  const c = after ? decodeCursor(after) : undefined;
  const rows = await prisma.post.findMany({
    // Strictly older, or the same time with a smaller id: no skip, no count of rows already sent.
    where: c ? { OR: [{ createdAt: { lt: new Date(c.createdAt) } }, { createdAt: new Date(c.createdAt), id: { lt: c.id } }] } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  return toPage(rows, limit);
}
// Prisma's own \`cursor: { id }\` option works too, with \`skip: 1\` to step over the cursor row itself:
// that skip is constant, not an offset that grows with the page number.`,
  },
  typeorm: {
    imports: "import type { Repository } from 'typeorm';\nimport type { Post } from './post.entity';",
    index: '@Index(["createdAt", "id"])   // on the Post entity',
    body: `export async function listPosts(posts: Repository<Post>, limit: number, after?: string) {
  const c = after ? decodeCursor(after) : undefined;
  const qb = posts.createQueryBuilder('p').orderBy('p.createdAt', 'DESC').addOrderBy('p.id', 'DESC').take(limit + 1);
  if (c) qb.where('(p.createdAt, p.id) < (:createdAt, :id)', { createdAt: c.createdAt, id: c.id });
  return toPage(await qb.getMany(), limit);
}`,
  },
  sequelize: {
    imports: "import { Op } from 'sequelize';\nimport { Post } from './post.model';",
    index: "indexes: [{ fields: [{ name: 'createdAt', order: 'DESC' }, { name: 'id', order: 'DESC' }] }]   // in Post.init options",
    body: `export async function listPosts(limit: number, after?: string) {
  const c = after ? decodeCursor(after) : undefined;
  const rows = await Post.findAll({
    where: c ? { [Op.or]: [{ createdAt: { [Op.lt]: c.createdAt } }, { createdAt: c.createdAt, id: { [Op.lt]: c.id } }] } : {},
    order: [['createdAt', 'DESC'], ['id', 'DESC']],
    limit: limit + 1,
  });
  return toPage(rows.map((r) => r.get({ plain: true })), limit);
}`,
  },
  mongoose: {
    imports: "import { PostModel } from './post.model';",
    index: 'postSchema.index({ createdAt: -1, _id: -1 });',
    body: `// MongoDB ids are ObjectIds, not numbers: keep the cursor's id as the hex string in a real app.
export async function listPosts(limit: number, after?: { createdAt: Date; id: string }) {
  const filter = after ? { $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }] } : {};
  const rows = await PostModel.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit + 1).lean();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { createdAt: last.createdAt, id: String(last._id) } : null };
}`,
  },
  mongodb: {
    imports: "import type { Collection, Document, ObjectId } from 'mongodb';",
    index: 'await posts.createIndex({ createdAt: -1, _id: -1 });',
    body: `export async function listPosts(posts: Collection<Document>, limit: number, after?: { createdAt: Date; id: ObjectId }) {
  const filter = after ? { $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after.id } }] } : {};
  const rows = await posts.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit + 1).toArray();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? { createdAt: last.createdAt as Date, id: last._id as ObjectId } : null };
}`,
  },
  knex: {
    imports: "import type { Knex } from 'knex';",
    index: "table.index(['created_at', 'id'])   // in a migration",
    body: `export async function listPosts(db: Knex, limit: number, after?: string) {
  const c = after ? decodeCursor(after) : undefined;
  const q = db('posts').select('id', 'title', 'created_at as createdAt').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit + 1);
  if (c) q.whereRaw('(created_at, id) < (?, ?)', [c.createdAt, c.id]);
  return toPage(await q, limit);
}`,
  },
  kysely: {
    imports: "import { sql, type Kysely } from 'kysely';\nimport type { DB } from './db';",
    index: "await db.schema.createIndex('posts_created_id').on('posts').columns(['created_at desc', 'id desc']).execute();",
    body: `export async function listPosts(db: Kysely<DB>, limit: number, after?: string) {
  const c = after ? decodeCursor(after) : undefined;
  let q = db.selectFrom('posts').select(['id', 'title', 'created_at as createdAt']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
  if (c) q = q.where(sql<boolean>\`(created_at, id) < (\${c.createdAt}, \${c.id})\`);
  return toPage(await q.execute(), limit);
}`,
  },
  drizzle: {
    imports: "import { and, desc, eq, lt, or } from 'drizzle-orm';\nimport { db } from './db';\nimport { posts } from './schema';",
    index: "index('posts_created_id').on(t.createdAt.desc(), t.id.desc())   // in the posts table definition",
    body: `export async function listPosts(limit: number, after?: string) {
  const c = after ? decodeCursor(after) : undefined;
  const at = c && new Date(c.createdAt);
  const rows = await db.select().from(posts)
    .where(c && at ? or(lt(posts.createdAt, at), and(eq(posts.createdAt, at), lt(posts.id, c.id))) : undefined)
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(limit + 1);
  return toPage(rows, limit);
}`,
  },
};

/** A complete, commented TypeScript example of keyset pagination with the given library. */
export function keysetExample(flavor: KeysetFlavor): { title: string; text: string } {
  const b = BODIES[flavor];
  const usesCursor = flavor !== 'mongoose' && flavor !== 'mongodb';
  const text = `// Keyset (cursor) pagination with ${NAMES[flavor]} — an example from Roadmap Coach.
//
// OFFSET/skip makes the database walk past every skipped row, so page 500 costs 500 pages of reads,
// and a row inserted meanwhile shifts every later page (the client sees a duplicate or misses a row).
// A keyset page asks for the rows that come strictly after the last one the client saw, in a stable
// order; an index on the sort key lets the database jump straight there.
//
// Sort key: (createdAt, id), newest first. The id makes the order total when timestamps are equal.
// Index it in the same order:
//   ${b.index}
//
// Lesson: Phase 3 · Pagination (Roadmap Coach: Open Lesson).

${b.imports}

${usesCursor ? `${CURSOR}\n` : ''}${b.body}
`;
  return { title: `Keyset pagination with ${NAMES[flavor]}`, text };
}

/** The example a finding names (`keyset/<library>`), or undefined for an id this version does not know. */
export function exampleById(id: string): { title: string; text: string; fileName: string } | undefined {
  const m = /^keyset\/([a-z-]+)$/.exec(id);
  if (!m || !isKeysetFlavor(m[1]!)) return undefined;
  return { ...keysetExample(m[1]), fileName: `keyset-pagination-${m[1]}.ts` };
}
