/**
 * An in-memory stand-in for a relational database holding one `accounts` table.
 * It is provided: read it, but do not change it.
 *
 * It behaves like PostgreSQL at READ COMMITTED in the ways that matter here:
 *
 * - Work happens inside a transaction: `const tx = await db.begin()`, then `tx.commit()` or
 *   `tx.rollback()`. Other transactions never see uncommitted writes.
 * - `tx.select(id)` is a plain read: no lock, and the value may be stale a moment later.
 * - `tx.selectForUpdate(id)` locks the row first (SELECT ... FOR UPDATE). If another transaction
 *   holds the lock, it waits until that transaction commits or rolls back, then reads the
 *   latest committed value.
 * - `tx.update(id, balance)` also locks the row (waiting if needed), like UPDATE does.
 * - Locks are held until commit or rollback. Nothing releases them for you.
 * - If two transactions wait for each other, the one that closes the cycle fails with a
 *   DeadlockError (PostgreSQL's 40P01).
 * - After any error the transaction is aborted: further statements fail until you roll back.
 * - A transaction runs one statement at a time, like a single database connection.
 *
 * Every call yields to the event loop a few times (think of network round trips), so concurrent
 * transfers really do interleave. The number of yields comes from a seeded generator, so a test
 * run interleaves the same way every time.
 */

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

export interface Row {
  id: string;
  balance: number;
}

export type Operation = 'select' | 'selectForUpdate' | 'update' | 'commit';

export interface DatabaseOptions {
  /** makes the interleaving reproducible */
  seed?: number;
  /** simulates a failure (a lost connection, a statement timeout...) at the statement for which it returns true */
  failOn?: (statement: { op: Operation, id?: string }) => boolean;
}

/** Any failure reported by the database. `code` is a PostgreSQL-style SQLSTATE. */
export class DatabaseError extends Error {
  code: string;

  constructor(message: string, code: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Two transactions were waiting for each other; this one was chosen to fail. */
export class DeadlockError extends DatabaseError {
  constructor(message: string) {
    super(message, '40P01');
  }
}

/** A statement was sent to a transaction that already failed (roll it back). */
export class TransactionAbortedError extends DatabaseError {
  constructor(message: string) {
    super(message, '25P02');
  }
}

interface Lock {
  owner: Transaction;
  waiters: Array<{ tx: Transaction, resolve: (v: unknown) => void, reject: (e: Error) => void }>;
}

interface Engine {
  pause(): Promise<void>;
  failOn(statement: { op: Operation, id?: string }): boolean;
  read(id: string): number | undefined;
  acquire(tx: Transaction, id: string): Promise<void>;
  finish(tx: Transaction, writes: Map<string, number> | undefined): void;
  stats: Record<string, number>;
}

export class Database {
  /** committed balances by id */
  #rows = new Map<string, number>();
  /** row locks by id */
  #locks = new Map<string, Lock>();
  #open = new Set<Transaction>();
  #random: () => number;
  #failOn: (statement: { op: Operation, id?: string }) => boolean;
  #stats = { begun: 0, commits: 0, rollbacks: 0, deadlocks: 0, lockWaits: 0 };
  #nextTxId = 1;

  /** @param accounts initial balances in cents, by account id */
  constructor(accounts: Record<string, number>, { seed = 1, failOn = () => false }: DatabaseOptions = {}) {
    for (const [id, balance] of Object.entries(accounts)) this.#rows.set(id, balance);
    this.#random = mulberry32(seed);
    this.#failOn = failOn;
  }

  /** Starts a transaction. */
  async begin(): Promise<Transaction> {
    await this.#pause();
    this.#stats.begun++;
    const tx = new Transaction(this.#nextTxId++, this.#engine);
    this.#open.add(tx);
    return tx;
  }

  // --- for tests and curious humans -----------------------------------------------------------

  /** Committed balances by id. */
  balances(): Record<string, number> {
    return Object.fromEntries(this.#rows);
  }

  /** The sum of all committed balances. */
  totalBalance(): number {
    let total = 0;
    for (const balance of this.#rows.values()) total += balance;
    return total;
  }

  /** Transactions that were begun and are not yet committed or rolled back. */
  get openTransactions(): number {
    return this.#open.size;
  }

  /** Rows currently locked by some transaction. */
  get lockedRows(): number {
    return this.#locks.size;
  }

  /** Counters: begun, commits, rollbacks, deadlocks, lockWaits. */
  get stats(): { begun: number, commits: number, rollbacks: number, deadlocks: number, lockWaits: number } {
    return { ...this.#stats };
  }

  // --- internals used by Transaction ----------------------------------------------------------

  /** Yields to the event loop 1 to 3 times, chosen by the seeded random generator. */
  async #pause(): Promise<void> {
    const turns = 1 + Math.floor(this.#random() * 3);
    for (let i = 0; i < turns; i++) await yieldToEventLoop();
  }

  #engine: Engine = {
    pause: () => this.#pause(),
    failOn: (statement) => this.#failOn(statement),
    read: (id) => this.#rows.get(id),
    acquire: (tx, id) => this.#acquire(tx, id),
    finish: (tx, writes) => this.#finish(tx, writes),
    stats: this.#stats,
  };

  /** Takes the row lock for `tx`, waiting in line if another transaction holds it. */
  async #acquire(tx: Transaction, id: string): Promise<void> {
    const lock = this.#locks.get(id);
    if (!lock) {
      this.#locks.set(id, { owner: tx, waiters: [] });
      tx.held.add(id);
      return;
    }
    if (lock.owner === tx) return; // we already hold it

    // Would waiting close a cycle? Follow "holder of the lock I want → lock that holder waits
    // for → its holder → ..." and see whether we come back to ourselves.
    let cursor: Transaction | undefined = lock.owner;
    const seen = new Set<Transaction>();
    while (cursor && !seen.has(cursor)) {
      if (cursor === tx) {
        this.#stats.deadlocks++;
        throw new DeadlockError(
          `deadlock detected: transaction ${tx.id} waits for row "${id}" held by transaction ${lock.owner.id}, ` +
            `which (directly or not) waits for a row held by transaction ${tx.id}`,
        );
      }
      seen.add(cursor);
      const waitingFor: string | undefined = cursor.waitingFor;
      cursor = waitingFor === undefined ? undefined : this.#locks.get(waitingFor)?.owner;
    }

    this.#stats.lockWaits++;
    tx.waitingFor = id;
    await new Promise((resolve, reject) => lock.waiters.push({ tx, resolve, reject }));
  }

  /**
   * Ends a transaction: applies `writes` when committing (pass undefined to roll back),
   * cancels a pending lock wait and hands every lock to the next transaction in line.
   */
  #finish(tx: Transaction, writes: Map<string, number> | undefined): void {
    if (writes) {
      for (const [id, balance] of writes) this.#rows.set(id, balance);
      this.#stats.commits++;
    } else {
      this.#stats.rollbacks++;
    }

    if (tx.waitingFor !== undefined) {
      const lock = this.#locks.get(tx.waitingFor);
      const index = lock ? lock.waiters.findIndex((w) => w.tx === tx) : -1;
      if (lock && index >= 0) {
        const [waiter] = lock.waiters.splice(index, 1);
        waiter!.reject(new TransactionAbortedError(`transaction ${tx.id} ended while waiting for a lock`));
      }
      tx.waitingFor = undefined;
    }

    for (const id of tx.held) {
      const lock = this.#locks.get(id)!;
      const next = lock.waiters.shift();
      if (next) {
        lock.owner = next.tx;
        next.tx.held.add(id);
        next.tx.waitingFor = undefined;
        next.resolve(undefined);
      } else {
        this.#locks.delete(id);
      }
    }
    tx.held.clear();
    this.#open.delete(tx);
  }
}

export class Transaction {
  readonly id: number;
  /** ids of the rows this transaction has locked (read-only for you) */
  readonly held = new Set<string>();
  /** id of the row this transaction is waiting for, if any */
  waitingFor: string | undefined = undefined;
  #state: 'active' | 'aborted' | 'committed' | 'rolled back' = 'active';
  #busy = false;
  #writes = new Map<string, number>();
  #engine: Engine;

  /** Created by Database#begin, not by you. */
  constructor(id: number, engine: Engine) {
    this.id = id;
    this.#engine = engine;
  }

  /** Reads a row without locking it. Resolves to null when there is no such account. */
  select(id: string): Promise<Row | null> {
    return this.#statement('select', id, async () => this.#read(id));
  }

  /**
   * Locks a row (waiting for other transactions to release it), then reads it.
   * Resolves to null, without locking anything, when there is no such account.
   */
  selectForUpdate(id: string): Promise<Row | null> {
    return this.#statement('selectForUpdate', id, async () => {
      if (this.#read(id) === null) return null;
      await this.#engine.acquire(this, id);
      return this.#read(id);
    });
  }

  /**
   * Sets a row's balance (locking the row first, like UPDATE). Resolves to the number of rows
   * changed: 0 when there is no such account.
   * @param balance an integer number of cents
   */
  update(id: string, balance: number): Promise<number> {
    return this.#statement('update', id, async () => {
      if (!Number.isSafeInteger(balance)) {
        throw new DatabaseError(`invalid input for integer column "balance": ${balance}`, '22P02');
      }
      if (this.#read(id) === null) return 0;
      await this.#engine.acquire(this, id);
      this.#writes.set(id, balance);
      return 1;
    });
  }

  /** Makes the writes visible to everyone and releases the locks. */
  async commit(): Promise<void> {
    if (this.#state === 'aborted') {
      this.#end(undefined, 'rolled back');
      throw new TransactionAbortedError(`transaction ${this.id} had failed, so COMMIT rolled it back`);
    }
    await this.#statement('commit', undefined, async () => {});
    this.#end(this.#writes, 'committed');
  }

  /** Discards the writes and releases the locks. Safe to call on a finished transaction. */
  async rollback(): Promise<void> {
    if (this.#state === 'committed' || this.#state === 'rolled back') return;
    this.#end(undefined, 'rolled back');
    await this.#engine.pause();
  }

  // --- internals ------------------------------------------------------------------------------

  #read(id: string): Row | null {
    const balance = this.#writes.has(id) ? this.#writes.get(id) : this.#engine.read(id);
    return balance === undefined ? null : { id, balance };
  }

  #end(writes: Map<string, number> | undefined, state: 'committed' | 'rolled back'): void {
    this.#state = state;
    this.#engine.finish(this, writes);
  }

  /** Runs one statement with the checks a real connection would make. */
  async #statement<T>(op: Operation, id: string | undefined, body: () => Promise<T>): Promise<T> {
    if (this.#state === 'committed' || this.#state === 'rolled back') {
      throw new DatabaseError(`transaction ${this.id} is already ${this.#state}`, '25000');
    }
    if (this.#state === 'aborted') {
      throw new TransactionAbortedError(
        `current transaction ${this.id} is aborted, statements are ignored until it is rolled back`,
      );
    }
    if (this.#busy) {
      throw new DatabaseError(
        `transaction ${this.id} is still running another statement: await each statement before sending the next`,
        '55000',
      );
    }
    this.#busy = true;
    try {
      await this.#engine.pause();
      this.#assertStillActive();
      if (this.#engine.failOn({ op, id })) {
        throw new DatabaseError(`simulated failure: connection lost during ${op}${id ? ` of "${id}"` : ''}`, '08006');
      }
      const result = await body();
      this.#assertStillActive();
      await this.#engine.pause();
      return result;
    } catch (err) {
      if (this.#state === 'active') this.#state = 'aborted';
      throw err;
    } finally {
      this.#busy = false;
    }
  }

  #assertStillActive(): void {
    if (this.#state !== 'active') {
      throw new TransactionAbortedError(`transaction ${this.id} ended while a statement was running`);
    }
  }
}

/** A tiny seeded pseudo-random generator, so a test run interleaves the same way every time. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
