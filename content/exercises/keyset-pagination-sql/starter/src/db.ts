/**
 * What the feed code needs from a database: one parameterized query. A PGlite instance (PostgreSQL
 * compiled to WebAssembly, running inside this Node process) fits it, and so does a `pg` Pool.
 * You do not need to change this file.
 */
export interface Db {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/**
 * The posts table. `created_at` has microseconds (PostgreSQL's timestamptz keeps six decimals; a
 * JavaScript Date keeps three). The index matches the feed's sort order exactly.
 */
export const SCHEMA = `
  CREATE TABLE posts (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at timestamptz NOT NULL,
    title      text NOT NULL
  );
  CREATE INDEX posts_created_id_idx ON posts (created_at DESC, id DESC);
`;
