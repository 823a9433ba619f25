// mutant: walks the table in id ranges and rewrites every row, also those already filled; breaks the rule that a second run touches only rows that still need it
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
  const { rows } = await db.query<{ max: number | null }>('SELECT max(id) AS max FROM users');
  const max = rows[0]?.max ?? 0;
  let total = 0;
  for (let from = 1; from <= max; from += batchSize) {
    const { affectedRows = 0 } = await db.query('UPDATE users SET display_name = full_name WHERE id >= $1 AND id < $2', [from, from + batchSize]);
    total += affectedRows;
  }
  return total;
}

/**
 * Step 3, contract: once no old code runs, remove what only it needed and let the database enforce
 * what is now true of every row.
 */
export const CONTRACT = `
  DROP TRIGGER users_sync_names ON users;
  DROP FUNCTION users_sync_names();
  ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;
  ALTER TABLE users DROP COLUMN full_name;
`;
