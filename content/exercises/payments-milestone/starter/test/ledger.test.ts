import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLedger, LedgerError } from '../src/ledger.ts';
import type { EntryInput } from '../src/ledger.ts';

test('a balanced transaction is recorded, and balances are debits minus credits', () => {
  const ledger = createLedger();
  ledger.post({
    transactionId: 'tx_1',
    entries: [
      { account: 'customer:cus_1', direction: 'debit', amount: 1000 },
      { account: 'merchant', direction: 'credit', amount: 941 },
      { account: 'platform_fees', direction: 'credit', amount: 59 },
    ],
  });
  ledger.post({
    transactionId: 'tx_2',
    entries: [
      { account: 'customer:cus_1', direction: 'debit', amount: 500 },
      { account: 'merchant', direction: 'credit', amount: 500 },
    ],
  });

  assert.equal(ledger.entries().length, 5, 'every entry of both transactions should be recorded');
  assert.deepEqual(ledger.entries().map((e) => e.transactionId), ['tx_1', 'tx_1', 'tx_1', 'tx_2', 'tx_2'], 'each entry carries its transactionId, oldest first');
  assert.equal(ledger.balance('customer:cus_1'), 1500, 'customer:cus_1 was debited 1000 + 500');
  assert.equal(ledger.balance('merchant'), -1441, 'merchant was credited 941 + 500, so its balance is -1441');
  assert.equal(ledger.balance('platform_fees'), -59, 'platform_fees was credited 59');
  assert.equal(ledger.balance('nobody'), 0, 'an account with no entries has balance 0');

  const copy = ledger.entries();
  copy[0]!.amount = 1;
  assert.equal(ledger.entries()[0]!.amount, 1000, 'entries() should return copies: the ledger is append-only');
  assert.equal(ledger.balance('customer:cus_1'), 1500, 'changing a copy must not change a balance');
});

test('an invalid transaction is refused as a whole, and nothing of it is written', () => {
  const ledger = createLedger();
  ledger.post({
    transactionId: 'tx_ok',
    entries: [
      { account: 'a', direction: 'debit', amount: 100 },
      { account: 'b', direction: 'credit', amount: 100 },
    ],
  });

  const bad: [string, EntryInput[], string?][] = [
    ['debits 100, credits 99', [
      { account: 'a', direction: 'debit', amount: 100 },
      { account: 'b', direction: 'credit', amount: 99 },
    ]],
    ['a single entry', [{ account: 'a', direction: 'debit', amount: 100 }]],
    ['a zero amount', [
      { account: 'a', direction: 'debit', amount: 0 },
      { account: 'b', direction: 'credit', amount: 0 },
    ]],
    ['a negative amount', [
      { account: 'a', direction: 'debit', amount: -5 },
      { account: 'b', direction: 'credit', amount: -5 },
    ]],
    ['fractional cents', [
      { account: 'a', direction: 'debit', amount: 10.5 },
      { account: 'b', direction: 'credit', amount: 10.5 },
    ]],
    ['a reused transactionId', [
      { account: 'a', direction: 'debit', amount: 1 },
      { account: 'b', direction: 'credit', amount: 1 },
    ], 'tx_ok'],
  ];
  for (const [why, entries, transactionId = `tx_${why}`] of bad) {
    assert.throws(() => ledger.post({ transactionId, entries }), LedgerError, `a transaction with ${why} should throw a LedgerError`);
  }
  assert.equal(ledger.entries().length, 2, 'refused transactions must not leave any entry behind (all or nothing)');
  assert.equal(ledger.balance('a'), 100, 'balances should only reflect the valid transaction');
  assert.equal(ledger.balance('b'), -100, 'balances should only reflect the valid transaction');
});
