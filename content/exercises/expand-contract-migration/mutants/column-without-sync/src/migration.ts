// mutant: only adds the column: nothing copies what each version writes into the other's column; breaks the rule that each version sees what the other writes
import type { Db } from './db.ts';

// Rename users.full_name to users.display_name without downtime, in three steps (see README.md).

/**
 * Step 1, expand: add the new column next to the old one, and keep the two in step for as long as
 * both versions of the application write. Nothing the old code uses is renamed or dropped.
 * Adding a nullable column without a default only changes the catalog: no table rewrite, no long lock.
 */
export const EXPAND = `
  ALTER TABLE users ADD COLUMN display_name text;
`;

/**
 * Step 2, backfill: copy the name into display_name for the rows that do not have it yet, at most
 * `batchSize` rows per statement, while both versions of the application keep writing.
 * Resolves to the number of rows it updated.
 */
export async function backfill(db: Db, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    // Each batch is its own short statement (and transaction): it locks at most batchSize rows, for
    // a moment. Selecting "rows still NULL" makes the loop safe to stop and run again.
    const { affectedRows = 0 } = await db.query(
      `UPDATE users SET display_name = full_name
       WHERE id IN (SELECT id FROM users WHERE display_name IS NULL ORDER BY id LIMIT $1)`,
      [batchSize],
    );
    total += affectedRows;
    if (affectedRows < batchSize) return total;
  }
}

/**
 * Step 3, contract: once no old code runs, remove what only it needed and let the database enforce
 * what is now true of every row.
 */
export const CONTRACT = `
  ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;
  ALTER TABLE users DROP COLUMN full_name;
`;
