// Version 2 of the application: the column is now called display_name. It is deployed while
// version 1 still runs, and it never reads or writes full_name. You do not change it.
import type { Db } from './db.ts';

export async function createUser(db: Db, email: string, name: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO users (email, display_name) VALUES ($1, $2) RETURNING id', [email, name]);
  return rows[0]!.id;
}

export async function nameOf(db: Db, id: number): Promise<string | null> {
  const { rows } = await db.query<{ display_name: string | null }>('SELECT display_name FROM users WHERE id = $1', [id]);
  return rows[0]?.display_name ?? null;
}

export async function rename(db: Db, id: number, name: string): Promise<void> {
  await db.query('UPDATE users SET display_name = $2 WHERE id = $1', [id, name]);
}
