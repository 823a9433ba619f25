// The database as the application code sees it, and the schema before the migration.
// You do not need to change this file.

/** One parameterized statement; `affectedRows` counts the rows an INSERT, UPDATE or DELETE changed. */
export interface Db {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
}

/** Version 1 of the schema: the application stores a user's name in full_name. */
export const SCHEMA_V1 = `
  CREATE TABLE users (
    id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email     text NOT NULL UNIQUE,
    full_name text NOT NULL
  );
`;
