// @ts-check
/**
 * The business errors a transfer can end with. They are provided: throw them from transfer.js.
 * (Database failures are different: they come from db.js and should simply propagate.)
 */

/** The request itself makes no sense: bad amount, or the same account on both sides. */
export class InvalidTransferError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'InvalidTransferError';
  }
}

/** One of the accounts does not exist. */
export class AccountNotFoundError extends Error {
  /** @param {string} accountId */
  constructor(accountId) {
    super(`Account "${accountId}" does not exist`);
    this.name = 'AccountNotFoundError';
    this.accountId = accountId;
  }
}

/** The source account does not hold enough money. */
export class InsufficientFundsError extends Error {
  /**
   * @param {string} accountId
   * @param {number} balance
   * @param {number} amount
   */
  constructor(accountId, balance, amount) {
    super(`Account "${accountId}" holds ${balance} cents, cannot send ${amount}`);
    this.name = 'InsufficientFundsError';
    this.accountId = accountId;
    this.balance = balance;
    this.amount = amount;
  }
}
