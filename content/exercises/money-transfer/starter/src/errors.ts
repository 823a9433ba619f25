/**
 * The business errors a transfer can end with. They are provided: throw them from transfer.ts.
 * (Database failures are different: they come from db.ts and should simply propagate.)
 */

/** The request itself makes no sense: bad amount, or the same account on both sides. */
export class InvalidTransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTransferError';
  }
}

/** One of the accounts does not exist. */
export class AccountNotFoundError extends Error {
  readonly accountId: string;

  constructor(accountId: string) {
    super(`Account "${accountId}" does not exist`);
    this.name = 'AccountNotFoundError';
    this.accountId = accountId;
  }
}

/** The source account does not hold enough money. */
export class InsufficientFundsError extends Error {
  readonly accountId: string;
  readonly balance: number;
  readonly amount: number;

  constructor(accountId: string, balance: number, amount: number) {
    super(`Account "${accountId}" holds ${balance} cents, cannot send ${amount}`);
    this.name = 'InsufficientFundsError';
    this.accountId = accountId;
    this.balance = balance;
    this.amount = amount;
  }
}
