// mutant: renames the column in the expand step, which breaks every query of the old code still running; breaks the rule that after expand the old code keeps working
import type { Db } from './db.ts';

// Rename users.full_name to users.display_name without downtime, in three steps (see README.md).

/**
 * Step 1, expand: add the new column next to the old one, and keep the two in step for as long as
 * both versions of the application write. Nothing the old code uses is renamed or dropped.
 * Adding a nullable column without a default only changes the catalog: no table rewrite, no long lock.
 */
export const EXPAND = `
  ALTER TABLE users RENAME COLUMN full_name TO display_name;
`;

/**
 * Step 2, backfill: copy the name into display_name for the rows that do not have it yet, at most
 * `batchSize` rows per statement, while both versions of the application keep writing.
 * Resolves to the number of rows it updated.
 */
export async function backfill(db: Db, batchSize: number): Promise<number> {
  // Nothing to copy: the column was renamed in place.
  void db;
  void batchSize;
  return 0;
}

/**
 * Step 3, contract: once no old code runs, remove what only it needed and let the database enforce
 * what is now true of every row.
 */
export const CONTRACT = `
  SELECT 1;
`;
