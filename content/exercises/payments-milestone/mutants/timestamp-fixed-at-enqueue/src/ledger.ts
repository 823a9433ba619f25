export type Direction = 'debit' | 'credit';

export interface EntryInput {
  /** e.g. 'customer:cus_42', 'merchant', 'platform_fees' */
  account: string;
  direction: Direction;
  /** a whole number of minor units (cents), > 0 */
  amount: number;
}

export type Entry = EntryInput & { transactionId: string };

export interface Ledger {
  /** Writes all entries of one transaction, or none (throws LedgerError). */
  post(tx: { transactionId: string, entries: EntryInput[] }): void;
  /** Every entry ever posted, oldest first (copies). */
  entries(): Entry[];
  /** Debits minus credits of one account. */
  balance(account: string): number;
}

export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

/**
 * An append-only, double-entry ledger kept in memory.
 *
 * Every movement of money is one transaction of at least two entries whose debits equal its credits,
 * so the sum over the whole ledger is always zero: money is never created or destroyed, only moved.
 * Mistakes are never edited away; they are corrected by posting a reversing transaction.
 */
export function createLedger(): Ledger {
  const all: Entry[] = [];
  const transactionIds = new Set<string>();
  /** running balance per account, so balance() is O(1) */
  const balances = new Map<string, number>();

  return {
    post({ transactionId, entries }) {
      // Validate everything before writing anything: a transaction is all or nothing.
      if (typeof transactionId !== 'string' || transactionId === '') throw new LedgerError('transactionId is required');
      if (transactionIds.has(transactionId)) throw new LedgerError(`transaction ${transactionId} was already posted`);
      if (!Array.isArray(entries) || entries.length < 2) throw new LedgerError('a transaction needs at least two entries');

      let debits = 0;
      let credits = 0;
      for (const { account, direction, amount } of entries) {
        if (typeof account !== 'string' || account === '') throw new LedgerError('every entry needs an account');
        // Integers of minor units only: floating-point cents drift (0.1 + 0.2 !== 0.3).
        if (!Number.isSafeInteger(amount) || amount <= 0) throw new LedgerError(`amount must be a whole number > 0, got ${amount}`);
        if (direction === 'debit') debits += amount;
        else if (direction === 'credit') credits += amount;
        else throw new LedgerError(`direction must be debit or credit, got ${String(direction)}`);
      }
      if (debits !== credits) {
        throw new LedgerError(`transaction ${transactionId} is unbalanced: debits ${debits}, credits ${credits}`);
      }

      transactionIds.add(transactionId);
      for (const { account, direction, amount } of entries) {
        all.push({ transactionId, account, direction, amount });
        const signed = direction === 'debit' ? amount : -amount;
        balances.set(account, (balances.get(account) ?? 0) + signed);
      }
    },

    entries() {
      return all.map((entry) => ({ ...entry }));
    },

    balance(account) {
      return balances.get(account) ?? 0;
    },
  };
}
