// @ts-check
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

/** @typedef {string | number} RowId */
/** @typedef {{ id: RowId, [column: string]: unknown }} Row */
/** @typedef {'insert' | 'update' | 'commit'} Operation */
/** @typedef {{ op: Operation, table?: string }} FailureMatch */

/** Any failure reported by the database. `code` is a PostgreSQL-style SQLSTATE. */
export class DatabaseError extends Error {
  /**
   * @param {string} message
   * @param {string} code
   */
  constructor(message, code) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A row with this id already exists in the table (PostgreSQL's 23505). */
export class UniqueViolationError extends DatabaseError {
  /**
   * @param {string} table the table with the conflict
   * @param {RowId} id the duplicate id
   * @param {string} detail
   */
  constructor(table, id, detail) {
    super(`duplicate key: ${table} already has a row with id ${JSON.stringify(id)}${detail}`, '23505');
    this.table = table;
    this.id = id;
  }
}

/** @template T @param {T} value @returns {T} */
const copy = (value) => structuredClone(value);

export class Database {
  /** @type {Map<string, Map<RowId, Row>>} committed rows, by table and id */
  #tables = new Map();
  /** @type {Map<string, number>} the last sequence value handed out, by table */
  #sequences = new Map();
  /** @type {FailureMatch[]} */
  #failures = [];

  /** Counters the tests look at. */
  stats = { commits: 0, rollbacks: 0 };

  /**
   * Runs `work` in a transaction and commits it when `work` returns, or rolls it back when it throws.
   * @template T
   * @param {(tx: Transaction) => Promise<T>} work
   * @returns {Promise<T>} what `work` returned
   */
  async transaction(work) {
    const tx = new Transaction(this);
    /** @type {T} */
    let result;
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

  /**
   * Committed rows of `table` that satisfy `where`, sorted by id. Like a SELECT outside a transaction.
   * @param {string} table
   * @param {(row: Row) => boolean} [where]
   * @returns {Promise<Row[]>}
   */
  async select(table, where = () => true) {
    await roundTrip();
    return sortById([...this._committed(table).values()].filter((row) => where(copy(row)))).map(copy);
  }

  /**
   * One committed row, or undefined.
   * @param {string} table
   * @param {RowId} id
   * @returns {Promise<Row | undefined>}
   */
  async get(table, id) {
    await roundTrip();
    const row = this._committed(table).get(id);
    return row && copy(row);
  }

  /**
   * Makes the next operation matching `match` fail once with a DatabaseError (code 08006, connection
   * failure). `{ op: 'commit' }` fails the next commit; `{ op: 'insert', table: 'outbox' }` the next
   * insert into outbox; `{ op: 'update', table: 'outbox' }` the next update of an outbox row.
   * @param {FailureMatch} match
   */
  failNext(match) {
    this.#failures.push(match);
  }

  /** @param {{ op: Operation, table?: string }} operation @internal */
  _maybeFail(operation) {
    this.#maybeFail(operation);
  }

  /** @param {{ op: Operation, table?: string }} operation */
  #maybeFail({ op, table }) {
    const index = this.#failures.findIndex((f) => f.op === op && (f.table === undefined || f.table === table));
    if (index === -1) return;
    this.#failures.splice(index, 1);
    throw new DatabaseError(`injected failure: ${op}${table ? ` on ${table}` : ''} failed (the connection was lost)`, '08006');
  }

  /** @param {string} table @internal */
  _committed(table) {
    let rows = this.#tables.get(table);
    if (!rows) this.#tables.set(table, (rows = new Map()));
    return rows;
  }

  /** @param {string} table @internal */
  _nextId(table) {
    const next = (this.#sequences.get(table) ?? 0) + 1;
    this.#sequences.set(table, next);
    return next;
  }

  /** Applies every write of `tx` at once, or none of them. @param {Transaction} tx */
  #commit(tx) {
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
  #db;
  #open = true;
  /** @type {Map<string, Map<RowId, Row>>} this transaction's writes (new rows and updated rows) @internal */
  _writes = new Map();
  /** @type {Array<[string, RowId]>} the rows this transaction inserted @internal */
  _inserted = [];

  /** @param {Database} db */
  constructor(db) {
    this.#db = db;
  }

  /**
   * INSERT a row. Without an `id`, the table's sequence assigns one.
   * @param {string} table
   * @param {Record<string, unknown>} row
   * @returns {Promise<Row>} the inserted row, with its id
   */
  async insert(table, row) {
    this.#checkOpen();
    await roundTrip();
    this.#db._maybeFail({ op: 'insert', table });
    const id = /** @type {RowId} */ (row.id ?? this.#db._nextId(table));
    if (this.#visible(table).has(id)) {
      throw new UniqueViolationError(table, id, '');
    }
    const stored = copy({ ...row, id });
    this.#own(table).set(id, stored);
    this._inserted.push([table, id]);
    return copy(stored);
  }

  /**
   * UPDATE one row: merges `changes` into it.
   * @param {string} table
   * @param {RowId} id
   * @param {Record<string, unknown>} changes
   * @returns {Promise<Row>} the updated row
   */
  async update(table, id, changes) {
    this.#checkOpen();
    await roundTrip();
    this.#db._maybeFail({ op: 'update', table });
    const current = this.#visible(table).get(id);
    if (!current) throw new DatabaseError(`no row with id ${JSON.stringify(id)} in ${table}`, '02000');
    const updated = copy({ ...current, ...changes, id });
    this.#own(table).set(id, updated);
    return copy(updated);
  }

  /**
   * Rows of `table` this transaction can see (committed rows plus its own writes), sorted by id.
   * @param {string} table
   * @param {(row: Row) => boolean} [where]
   * @returns {Promise<Row[]>}
   */
  async select(table, where = () => true) {
    this.#checkOpen();
    await roundTrip();
    return sortById([...this.#visible(table).values()].filter((row) => where(copy(row)))).map(copy);
  }

  /**
   * One row this transaction can see, or undefined.
   * @param {string} table
   * @param {RowId} id
   * @returns {Promise<Row | undefined>}
   */
  async get(table, id) {
    this.#checkOpen();
    await roundTrip();
    const row = this.#visible(table).get(id);
    return row && copy(row);
  }

  /** @internal */
  _close() {
    this.#open = false;
  }

  #checkOpen() {
    if (!this.#open) throw new Error('this transaction has already finished: use the tx only inside its callback, and await every call');
  }

  /** @param {string} table */
  #own(table) {
    let rows = this._writes.get(table);
    if (!rows) this._writes.set(table, (rows = new Map()));
    return rows;
  }

  /** @param {string} table */
  #visible(table) {
    return new Map([...this.#db._committed(table), ...(this._writes.get(table) ?? [])]);
  }
}

/** @param {Row[]} rows */
function sortById(rows) {
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** @returns {Database} */
export function createDatabase() {
  return new Database();
}
