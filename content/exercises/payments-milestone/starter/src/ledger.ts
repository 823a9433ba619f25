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

/** An append-only, double-entry ledger kept in memory. */
export function createLedger(): Ledger {
  const all: Entry[] = [];

  return {
    post({ transactionId, entries }) {
      // TODO: refuse (throw LedgerError, write nothing) unless:
      //   - transactionId is new,
      //   - there are at least two entries, each with a non-empty account, a direction and an amount
      //     that is a whole number > 0,
      //   - the debits add up to exactly the credits.
      for (const entry of entries) all.push({ transactionId, ...entry });
    },

    entries() {
      return all.map((entry) => ({ ...entry }));
    },

    balance(account) {
      // TODO: debits minus credits of this account.
      return 0;
    },
  };
}
