// Version 1 of the application. During the migration some servers still run it: it must keep working
// until the last of them is replaced. You do not change it.
import type { Db } from './db.ts';

export async function createUser(db: Db, email: string, name: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO users (email, full_name) VALUES ($1, $2) RETURNING id', [email, name]);
  return rows[0]!.id;
}

export async function nameOf(db: Db, id: number): Promise<string | null> {
  const { rows } = await db.query<{ full_name: string | null }>('SELECT full_name FROM users WHERE id = $1', [id]);
  return rows[0]?.full_name ?? null;
}

export async function rename(db: Db, id: number, name: string): Promise<void> {
  await db.query('UPDATE users SET full_name = $2 WHERE id = $1', [id, name]);
}
