// @ts-check

/**
 * @typedef {'debit' | 'credit'} Direction
 *
 * @typedef {object} EntryInput
 * @property {string} account e.g. 'customer:cus_42', 'merchant', 'platform_fees'
 * @property {Direction} direction
 * @property {number} amount whole number of minor units (cents), > 0
 *
 * @typedef {EntryInput & { transactionId: string }} Entry
 *
 * @typedef {object} Ledger
 * @property {(tx: { transactionId: string, entries: EntryInput[] }) => void} post
 *   writes all entries of one transaction, or none (throws LedgerError)
 * @property {() => Entry[]} entries every entry ever posted, oldest first (copies)
 * @property {(account: string) => number} balance debits minus credits of one account
 */

export class LedgerError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'LedgerError';
  }
}

/**
 * An append-only, double-entry ledger kept in memory.
 * @returns {Ledger}
 */
export function createLedger() {
  /** @type {Entry[]} */
  const all = [];

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
      void account;
      return 0;
    },
  };
}
