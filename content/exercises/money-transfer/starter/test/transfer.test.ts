import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Database, DatabaseError } from '../src/db.ts';
import { AccountNotFoundError, InsufficientFundsError, InvalidTransferError } from '../src/errors.ts';
import { transfer } from '../src/transfer.ts';

/** Fails the test instead of hanging when something never settles (usually: a lock never released). */
async function settlesInTime<T>(promise: Promise<T>, what: string, ms = 1000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms: is a transaction still holding its locks?`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function assertNothingLeftOpen(db: Database, when: string): void {
  assert.equal(db.openTransactions, 0, `${when}: every transaction should end with commit or rollback, ${db.openTransactions} still open`);
  assert.equal(db.lockedRows, 0, `${when}: no row should stay locked, ${db.lockedRows} still are`);
}

test('a transfer moves the money and returns both new balances', { timeout: 5000 }, async () => {
  const db = new Database({ alice: 10_000, bob: 2_500 });
  const result = await settlesInTime(transfer(db, 'alice', 'bob', 1_250), 'a single transfer');
  assert.deepEqual(result, {
    from: { id: 'alice', balance: 8_750 },
    to: { id: 'bob', balance: 3_750 },
  }, 'transfer should resolve to both accounts after the move');
  assert.deepEqual(db.balances(), { alice: 8_750, bob: 3_750 }, 'the new balances should be committed');
  assertNothingLeftOpen(db, 'after a successful transfer');
});

test('nonsense requests are refused before any transaction starts', { timeout: 5000 }, async () => {
  const db = new Database({ alice: 10_000, bob: 0 });
  for (const amount of [0, -500, 10.5, Number.NaN, Infinity, '100' as unknown as number]) {
    await assert.rejects(
      settlesInTime(transfer(db, 'alice', 'bob', amount), `transfer of ${String(amount)}`),
      InvalidTransferError,
      `an amount of ${JSON.stringify(amount) ?? String(amount)} should be refused with InvalidTransferError (amounts are positive whole cents)`,
    );
  }
  await assert.rejects(
    settlesInTime(transfer(db, 'alice', 'alice', 100), 'a transfer to oneself'),
    InvalidTransferError,
    'a transfer from an account to itself should be refused with InvalidTransferError',
  );
  assert.equal(db.stats.begun, 0, 'invalid requests should be refused before db.begin(): they should not cost a transaction');

  await assert.rejects(
    settlesInTime(transfer(db, 'alice', 'mallory', 100), 'a transfer to a missing account'),
    AccountNotFoundError,
    'a transfer to an account that does not exist should fail with AccountNotFoundError',
  );
  await assert.rejects(
    settlesInTime(transfer(db, 'mallory', 'bob', 100), 'a transfer from a missing account'),
    AccountNotFoundError,
    'a transfer from an account that does not exist should fail with AccountNotFoundError',
  );
  assert.deepEqual(db.balances(), { alice: 10_000, bob: 0 }, 'refused transfers should not change any balance');
  assertNothingLeftOpen(db, 'after refused transfers');
});

test('insufficient funds: nothing changes and the transaction is rolled back', { timeout: 5000 }, async () => {
  const db = new Database({ alice: 500, bob: 0 });
  await assert.rejects(
    settlesInTime(transfer(db, 'alice', 'bob', 501), 'an overdraft attempt'),
    InsufficientFundsError,
    'sending more than the balance should fail with InsufficientFundsError',
  );
  assert.deepEqual(db.balances(), { alice: 500, bob: 0 }, 'a refused transfer should not change any balance');
  assertNothingLeftOpen(db, 'after InsufficientFundsError');

  const ok = await settlesInTime(transfer(db, 'alice', 'bob', 500), 'a transfer of the whole balance');
  assert.equal(ok.from.balance, 0, 'sending exactly the whole balance is allowed');
});

test('a database failure halfway rolls everything back', { timeout: 5000 }, async () => {
  for (const failing of ['update:bob', 'update:alice', 'commit:']) {
    const db = new Database({ alice: 10_000, bob: 0 }, {
      failOn: ({ op, id }) => `${op}:${id ?? ''}` === failing,
    });
    await assert.rejects(
      settlesInTime(transfer(db, 'alice', 'bob', 3_000), `a transfer failing at ${failing}`),
      DatabaseError,
      `when the database fails at ${failing}, the transfer should reject with the database error`,
    );
    assert.deepEqual(db.balances(), { alice: 10_000, bob: 0 }, `a failure at ${failing} should leave no half-done transfer (debit without credit)`);
    assertNothingLeftOpen(db, `after a failure at ${failing}`);
  }
});
