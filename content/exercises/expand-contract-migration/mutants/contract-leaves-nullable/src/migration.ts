// mutant: drops the old column and the trigger but never makes display_name NOT NULL; breaks the rule that after contract display_name is NOT NULL
import type { Db } from './db.ts';

// Rename users.full_name to users.display_name without downtime, in three steps (see README.md).

/**
 * Step 1, expand: add the new column next to the old one, and keep the two in step for as long as
 * both versions of the application write. Nothing the old code uses is renamed or dropped.
 * Adding a nullable column without a default only changes the catalog: no table rewrite, no long lock.
 */
export const EXPAND = `
  ALTER TABLE users ADD COLUMN display_name text;

  -- Each version writes only its own column; the trigger copies it into the other one.
  CREATE FUNCTION users_sync_names() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      NEW.display_name := COALESCE(NEW.display_name, NEW.full_name);
      NEW.full_name := COALESCE(NEW.full_name, NEW.display_name);
    ELSIF NEW.full_name IS DISTINCT FROM OLD.full_name THEN
      NEW.display_name := NEW.full_name;
    ELSIF NEW.display_name IS DISTINCT FROM OLD.display_name THEN
      NEW.full_name := NEW.display_name;
    END IF;
    RETURN NEW;
  END
  $$;

  CREATE TRIGGER users_sync_names BEFORE INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION users_sync_names();
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
  DROP TRIGGER users_sync_names ON users;
  DROP FUNCTION users_sync_names();
  ALTER TABLE users DROP COLUMN full_name;
`;
