/**
 * Moves money between two accounts.
 *
 * This is the first draft that went to code review. It works when one person clicks at a time.
 * Under real traffic it loses money, lets accounts go negative, leaves transactions open
 * and deadlocks. Rewrite it so it doesn't (see README.md).
 */

import { InsufficientFundsError } from './errors.ts';
// You will need these too:
// import { AccountNotFoundError, InvalidTransferError } from './errors.ts';
import type { Database, Row } from './db.ts';

/**
 * Moves `amount` cents from account `fromId` to account `toId`, atomically.
 * @param amount a positive integer number of cents
 * @returns both accounts after the transfer
 */
export async function transfer(db: Database, fromId: string, toId: string, amount: number): Promise<{ from: Row, to: Row }> {
  // TODO: reject a bad amount or fromId === toId with InvalidTransferError, before touching the db.
  const tx = await db.begin();

  // TODO: plain reads take no lock. Another transfer can read the same balance at the same time,
  //       and one of the two updates is lost. Lock the rows you are going to change, always in
  //       the same order (by id), or two opposite transfers will wait for each other forever.
  const from = (await tx.select(fromId)) as Row;
  const to = (await tx.select(toId)) as Row;
  // TODO: a missing account is an AccountNotFoundError.

  if (from.balance < amount) {
    // TODO: this leaves the transaction (and its locks) open forever. Every way out of this
    //       function after begin() must end with commit or rollback.
    throw new InsufficientFundsError(fromId, from.balance, amount);
  }

  await tx.update(fromId, from.balance - amount);
  await tx.update(toId, to.balance + amount);
  await tx.commit();
  return {
    from: { id: fromId, balance: from.balance - amount },
    to: { id: toId, balance: to.balance + amount },
  };
}
