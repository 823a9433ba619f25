import type { Db } from './db.ts';

// Rename users.full_name to users.display_name without downtime, in three steps (see README.md).

/** Step 1, expand: SQL run once while only the old code runs (several statements are fine). */
export const EXPAND = `
  -- TODO
`;

/**
 * Step 2, backfill: copy the name into display_name for the rows that do not have it yet, at most
 * `batchSize` rows per statement, while both versions of the application keep writing.
 * Resolves to the number of rows it updated.
 */
export async function backfill(db: Db, batchSize: number): Promise<number> {
  // TODO
  void db;
  void batchSize;
  return 0;
}

/** Step 3, contract: SQL run once the old code is gone everywhere. */
export const CONTRACT = `
  -- TODO
`;
