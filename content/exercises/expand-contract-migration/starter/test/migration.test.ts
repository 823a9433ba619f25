import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { SCHEMA_V1, type Db } from '../src/db.ts';
import * as oldApp from '../src/app-old.ts';
import * as newApp from '../src/app-new.ts';
import { backfill, CONTRACT, EXPAND } from '../src/migration.ts';

// One PostgreSQL (PGlite, in this process) for the file; every test starts from an empty schema with
// version 1's table and 1,000 users written by the old code.
let pg: PGlite;
before(async () => { pg = await PGlite.create(); });
after(async () => { await pg.close(); });
beforeEach(async () => {
  await pg.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public; ${SCHEMA_V1}`);
  await pg.exec(`INSERT INTO users (email, full_name) SELECT 'user' || g || '@example.com', 'User ' || g FROM generate_series(1, 1000) AS g`);
});

const db: Db = { query: <T>(sql: string, params?: unknown[]) => pg.query<T>(sql, params) };

type Statement = { sql: string; affectedRows: number };

/** The database as backfill gets it: records each statement; `afterEach` runs after every statement. */
function recording(afterEach: (sql: string) => Promise<void> = async () => {}): { db: Db; statements: Statement[] } {
  const statements: Statement[] = [];
  return {
    statements,
    db: {
      async query<T>(sql: string, params?: unknown[]) {
        const result = await pg.query<T>(sql, params);
        statements.push({ sql, affectedRows: result.affectedRows ?? 0 });
        await afterEach(sql);
        return result;
      },
    },
  };
}

async function step(name: string, sql: string): Promise<void> {
  try {
    await pg.exec(sql);
  } catch (e) {
    assert.fail(`${name} failed: ${(e as Error).message}`);
  }
}

async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    return assert.fail(`${what} failed: ${(e as Error).message}`);
  }
}

async function namesMismatched(): Promise<number> {
  const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE display_name IS DISTINCT FROM full_name');
  return rows[0]!.n;
}

test('after expand, the old code still creates, reads and renames users', async () => {
  await step('EXPAND', EXPAND);
  const id = await attempt('old createUser', () => oldApp.createUser(db, 'ada@example.com', 'Ada Lovelace'));
  assert.equal(await attempt('old nameOf', () => oldApp.nameOf(db, id)), 'Ada Lovelace');
  assert.equal(await attempt('old nameOf (a user from before the migration)', () => oldApp.nameOf(db, 17)), 'User 17');
  await attempt('old rename', () => oldApp.rename(db, 17, 'Grace Hopper'));
  assert.equal(await oldApp.nameOf(db, 17), 'Grace Hopper');
});

test('after expand, each version sees what the other one writes', async () => {
  await step('EXPAND', EXPAND);
  const fromOld = await attempt('old createUser', () => oldApp.createUser(db, 'old@example.com', 'Written By Old'));
  assert.equal(await attempt('new nameOf', () => newApp.nameOf(db, fromOld)), 'Written By Old', 'the new code reads a user the old code created');
  const fromNew = await attempt('new createUser (it writes only display_name)', () => newApp.createUser(db, 'new@example.com', 'Written By New'));
  assert.equal(await oldApp.nameOf(db, fromNew), 'Written By New', 'the old code reads a user the new code created');
  await attempt('old rename', () => oldApp.rename(db, fromNew, 'Renamed By Old'));
  assert.equal(await newApp.nameOf(db, fromNew), 'Renamed By Old', 'the new code sees the old code\'s rename');
  await attempt('new rename', () => newApp.rename(db, fromOld, 'Renamed By New'));
  assert.equal(await oldApp.nameOf(db, fromOld), 'Renamed By New', 'the old code sees the new code\'s rename');
});

test('backfill fills every existing row in batches of at most batchSize rows, each its own statement', async () => {
  await step('EXPAND', EXPAND);
  const { db: recorded, statements } = recording();
  const updated = await attempt('backfill', () => backfill(recorded, 100));
  assert.equal(updated, 1000, 'backfill resolves to the number of rows it updated');
  const transactions = statements.filter((s) => /^\s*(BEGIN|START\s+TRANSACTION)\b/i.test(s.sql));
  assert.deepEqual(transactions.map((s) => s.sql.trim()), [], 'no transaction around the batches: each batch commits on its own');
  const writes = statements.filter((s) => /^\s*UPDATE\b/i.test(s.sql));
  assert.ok(writes.length >= 10, `1,000 rows in batches of 100 take at least 10 UPDATE statements (there were ${writes.length})`);
  for (const w of writes) assert.ok(w.affectedRows <= 100, `one UPDATE changed ${w.affectedRows} rows; a batch is at most 100`);
  assert.equal(await namesMismatched(), 0, 'afterwards every row has display_name = full_name');
  const { rows } = await pg.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = 500');
  assert.equal(rows[0]!.display_name, 'User 500');
});

test('the old code keeps writing during the backfill, and no row is left behind', async () => {
  await step('EXPAND', EXPAND);
  let n = 0;
  const { db: recorded } = recording(async (sql) => {
    if (!/^\s*UPDATE\b/i.test(sql)) return;
    n++;
    await oldApp.createUser(db, `during${n}@example.com`, `Arrived During Batch ${n}`);
    await oldApp.rename(db, 1 + ((n * 337) % 1000), `Renamed During Batch ${n}`);
  });
  await attempt('backfill', () => backfill(recorded, 64));
  assert.equal(await namesMismatched(), 0, 'every row, also those written during the backfill, has display_name = full_name');
  for (let i = 1; i <= n; i++) {
    const { rows } = await pg.query<{ display_name: string | null }>('SELECT display_name FROM users WHERE email = $1', [`during${i}@example.com`]);
    assert.equal(rows[0]?.display_name, `Arrived During Batch ${i}`);
  }
});

test('backfill can be stopped and run again: it touches only rows that still need it', async () => {
  await step('EXPAND', EXPAND);
  assert.equal(await attempt('backfill', () => backfill(db, 300)), 1000);
  const { db: recorded, statements } = recording();
  assert.equal(await attempt('backfill again', () => backfill(recorded, 300)), 0, 'a second run finds nothing to do');
  const changed = statements.reduce((sum, s) => sum + s.affectedRows, 0);
  assert.equal(changed, 0, 'a second run changes no row');
});

test('after contract, the new code works alone: full_name is gone and display_name is NOT NULL', async () => {
  await step('EXPAND', EXPAND);
  const fromOld = await oldApp.createUser(db, 'old@example.com', 'Written By Old');
  await backfill(db, 250);
  const fromNew = await newApp.createUser(db, 'new@example.com', 'Written By New');
  await step('CONTRACT', CONTRACT);
  const { rows: columns } = await pg.query<{ column_name: string; is_nullable: string }>(
    `SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' ORDER BY column_name`);
  assert.deepEqual(columns.map((c) => c.column_name), ['display_name', 'email', 'id'], 'users has display_name and no full_name');
  assert.equal(columns.find((c) => c.column_name === 'display_name')!.is_nullable, 'NO', 'display_name is NOT NULL now that every row has one');
  assert.equal(await newApp.nameOf(db, 1), 'User 1', 'names from before the migration survive');
  assert.equal(await newApp.nameOf(db, fromOld), 'Written By Old');
  assert.equal(await newApp.nameOf(db, fromNew), 'Written By New');
  const id = await attempt('new createUser after contract', () => newApp.createUser(db, 'later@example.com', 'Later'));
  await attempt('new rename after contract', () => newApp.rename(db, id, 'Later Still'));
  assert.equal(await newApp.nameOf(db, id), 'Later Still');
});
