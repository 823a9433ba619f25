/**
 * An in-memory stand-in for a relational database. It is provided: read it, but do not change it.
 *
 * It behaves like PostgreSQL in the ways that matter for an outbox:
 *
 * - All writes happen in a transaction: `await db.transaction(async (tx) => { … })`. If the callback
 *   returns, every write is committed at once; if it throws, nothing is written (rollback) and
 *   `transaction()` rejects with that error. Other code never sees uncommitted writes.
 * - Tables are created on first use. Every row has an `id`. Pass one yourself (a string or number
 *   that must be unique in the table), or let the database assign the next number of the table's
 *   sequence. Sequence numbers are handed out when the row is INSERTED, not when it commits, so a row
 *   with a lower id can become visible after a row with a higher id (exactly like an identity column).
 *   A rolled-back insert leaves a gap.
 * - A duplicate id fails with UniqueViolationError (its `table` and `id` say which): at once if the
 *   existing row is visible to you, or at commit if another transaction committed the same id first
 *   (then the whole transaction rolls back, like a unique index would make it).
 * - Reads outside a transaction, `db.select()` and `db.get()`, see committed data only.
 * - There are no row locks: two transactions updating the same row both succeed, the last commit wins.
 * - Every call waits for a turn of the event loop before it answers, like a network round trip.
 * - `db.failNext({ op, table })` makes the next matching operation fail with a DatabaseError, once,
 *   the way a lost connection or a statement timeout would. The tests use it; you do not need to.
 */

import { setImmediate as roundTrip } from 'node:timers/promises';

export type RowId = string | number;
export type Row = { id: RowId; [column: string]: unknown };
export type Operation = 'insert' | 'update' | 'commit';
export type FailureMatch = { op: Operation; table?: string };

/** Any failure reported by the database. `code` is a PostgreSQL-style SQLSTATE. */
export class DatabaseError extends Error {
  code: string;

  constructor(message: string, code: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A row with this id already exists in the table (PostgreSQL's 23505). */
export class UniqueViolationError extends DatabaseError {
  /** the table with the conflict */
  table: string;
  /** the duplicate id */
  id: RowId;

  constructor(table: string, id: RowId, detail: string) {
    super(`duplicate key: ${table} already has a row with id ${JSON.stringify(id)}${detail}`, '23505');
    this.table = table;
    this.id = id;
  }
}

const copy = <T>(value: T): T => structuredClone(value);

export class Database {
  /** committed rows, by table and id */
  #tables = new Map<string, Map<RowId, Row>>();
  /** the last sequence value handed out, by table */
  #sequences = new Map<string, number>();
  #failures: FailureMatch[] = [];

  /** Counters the tests look at. */
  stats = { commits: 0, rollbacks: 0 };

  /**
   * Runs `work` in a transaction and commits it when `work` returns, or rolls it back when it throws.
   * @returns what `work` returned
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const tx = new Transaction(this);
    let result: T;
    try {
      result = await work(tx);
      await roundTrip();
      this.#maybeFail({ op: 'commit' });
      this.#commit(tx);
    } catch (error) {
      this.stats.rollbacks++;
      throw error;
    } finally {
      tx._close();
    }
    this.stats.commits++;
    return result;
  }

  /** Committed rows of `table` that satisfy `where`, sorted by id. Like a SELECT outside a transaction. */
  async select(table: string, where: (row: Row) => boolean = () => true): Promise<Row[]> {
    await roundTrip();
    return sortById([...this._committed(table).values()].filter((row) => where(copy(row)))).map(copy);
  }

  /** One committed row, or undefined. */
  async get(table: string, id: RowId): Promise<Row | undefined> {
    await roundTrip();
    const row = this._committed(table).get(id);
    return row && copy(row);
  }

  /**
   * Makes the next operation matching `match` fail once with a DatabaseError (code 08006, connection
   * failure). `{ op: 'commit' }` fails the next commit; `{ op: 'insert', table: 'outbox' }` the next
   * insert into outbox; `{ op: 'update', table: 'outbox' }` the next update of an outbox row.
   */
  failNext(match: FailureMatch): void {
    this.#failures.push(match);
  }

  /** @internal */
  _maybeFail(operation: FailureMatch): void {
    this.#maybeFail(operation);
  }

  #maybeFail({ op, table }: FailureMatch): void {
    const index = this.#failures.findIndex((f) => f.op === op && (f.table === undefined || f.table === table));
    if (index === -1) return;
    this.#failures.splice(index, 1);
    throw new DatabaseError(`injected failure: ${op}${table ? ` on ${table}` : ''} failed (the connection was lost)`, '08006');
  }

  /** @internal */
  _committed(table: string): Map<RowId, Row> {
    let rows = this.#tables.get(table);
    if (!rows) this.#tables.set(table, (rows = new Map()));
    return rows;
  }

  /** @internal */
  _nextId(table: string): number {
    const next = (this.#sequences.get(table) ?? 0) + 1;
    this.#sequences.set(table, next);
    return next;
  }

  /** Applies every write of `tx` at once, or none of them. */
  #commit(tx: Transaction): void {
    for (const [table, id] of tx._inserted) {
      if (this._committed(table).has(id)) {
        throw new UniqueViolationError(table, id, ' (committed by another transaction)');
      }
    }
    for (const [table, rows] of tx._writes) {
      const committed = this._committed(table);
      for (const [id, row] of rows) committed.set(id, row);
    }
  }
}

/** The handle passed to a transaction's callback. Only valid until the callback has finished. */
export class Transaction {
  #db: Database;
  #open = true;
  /** this transaction's writes (new rows and updated rows) @internal */
  _writes = new Map<string, Map<RowId, Row>>();
  /** the rows this transaction inserted @internal */
  _inserted: Array<[string, RowId]> = [];

  constructor(db: Database) {
    this.#db = db;
  }

  /** INSERT a row. Without an `id`, the table's sequence assigns one. Resolves with the row and its id. */
  async insert(table: string, row: Record<string, unknown>): Promise<Row> {
    this.#checkOpen();
    await roundTrip();
    this.#db._maybeFail({ op: 'insert', table });
    const id = (row.id ?? this.#db._nextId(table)) as RowId;
    if (this.#visible(table).has(id)) {
      throw new UniqueViolationError(table, id, '');
    }
    const stored = copy({ ...row, id });
    this.#own(table).set(id, stored);
    this._inserted.push([table, id]);
    return copy(stored);
  }

  /** UPDATE one row: merges `changes` into it. Resolves with the updated row. */
  async update(table: string, id: RowId, changes: Record<string, unknown>): Promise<Row> {
    this.#checkOpen();
    await roundTrip();
    this.#db._maybeFail({ op: 'update', table });
    const current = this.#visible(table).get(id);
    if (!current) throw new DatabaseError(`no row with id ${JSON.stringify(id)} in ${table}`, '02000');
    const updated = copy({ ...current, ...changes, id });
    this.#own(table).set(id, updated);
    return copy(updated);
  }

  /** Rows of `table` this transaction can see (committed rows plus its own writes), sorted by id. */
  async select(table: string, where: (row: Row) => boolean = () => true): Promise<Row[]> {
    this.#checkOpen();
    await roundTrip();
    return sortById([...this.#visible(table).values()].filter((row) => where(copy(row)))).map(copy);
  }

  /** One row this transaction can see, or undefined. */
  async get(table: string, id: RowId): Promise<Row | undefined> {
    this.#checkOpen();
    await roundTrip();
    const row = this.#visible(table).get(id);
    return row && copy(row);
  }

  /** @internal */
  _close(): void {
    this.#open = false;
  }

  #checkOpen(): void {
    if (!this.#open) throw new Error('this transaction has already finished: use the tx only inside its callback, and await every call');
  }

  #own(table: string): Map<RowId, Row> {
    let rows = this._writes.get(table);
    if (!rows) this._writes.set(table, (rows = new Map()));
    return rows;
  }

  #visible(table: string): Map<RowId, Row> {
    return new Map([...this.#db._committed(table), ...(this._writes.get(table) ?? [])]);
  }
}

function sortById(rows: Row[]): Row[] {
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function createDatabase(): Database {
  return new Database();
}
