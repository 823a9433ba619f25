// mutant: wraps only the locking and the checks in try/catch, so a failing update or commit leaves the transaction open; breaks 'database errors alike (a failing update or commit): roll back and rethrow'
/**
 * Moves money between two accounts, safely under any amount of concurrency.
 */

import { AccountNotFoundError, InsufficientFundsError, InvalidTransferError } from './errors.ts';
import type { Database, Row } from './db.ts';

/**
 * Moves `amount` cents from account `fromId` to account `toId`, atomically.
 * @param amount a positive integer number of cents
 * @returns both accounts after the transfer
 */
export async function transfer(db: Database, fromId: string, toId: string, amount: number): Promise<{ from: Row, to: Row }> {
  // Validate before opening a transaction: a bad request should not cost a connection or a lock.
  // Money is an integer number of cents; floats cannot represent 0.10 exactly.
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new InvalidTransferError(`The amount must be a positive whole number of cents, got ${amount}`);
  }
  if (fromId === toId) {
    throw new InvalidTransferError('The source and destination accounts must be different');
  }

  const tx = await db.begin();
  let rows: Map<string, Row | null>;
  let from: Row;
  let to: Row;
  try {
    // Lock both rows before reading the balances we decide on. SELECT ... FOR UPDATE makes
    // every other transfer touching these accounts wait, so the balance we check is the balance
    // we update: no lost update, no overdraft.
    //
    // Always lock in the same global order (here: by id). If transfer A→B locked A then B while
    // B→A locked B then A, each could end up holding one lock and waiting for the other.
    // With one order, whoever gets the first lock is guaranteed to get the second as well.
    // Statements on one transaction run one at a time, so the two locks are taken in sequence.
    rows = new Map<string, Row | null>();
    for (const id of [fromId, toId].sort()) {
      rows.set(id, await tx.selectForUpdate(id));
    }
    const found = rows.get(fromId);
    const other = rows.get(toId);
    if (!found) throw new AccountNotFoundError(fromId);
    if (!other) throw new AccountNotFoundError(toId);
    from = found;
    to = other;

    if (from.balance < amount) {
      throw new InsufficientFundsError(fromId, from.balance, amount);
    }

  } catch (err) {
    await tx.rollback();
    throw err;
  }
  const result = {
    from: { id: fromId, balance: from.balance - amount },
    to: { id: toId, balance: to.balance + amount },
  };
  await tx.update(fromId, result.from.balance);
  await tx.update(toId, result.to.balance);
  await tx.commit();
  return result;
}
