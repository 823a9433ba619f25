import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from '../src/db.ts';
import { InsufficientFundsError } from '../src/errors.ts';
import { transfer as transferOnServerA } from '../src/transfer.ts';

// Production runs several copies of the app against one database. Loading the module a second
// time gives a second, independent copy: an in-process mutex would not protect across the two.
const transferOnServerB: typeof transferOnServerA = (await import(new URL('../src/transfer.ts?server=b', import.meta.url).href)).transfer;

/**
 * Fails the test instead of hanging when transfers wait for each other forever: if no transaction
 * commits or rolls back for `stallMs`, the transfers are stuck.
 */
async function settlesWhileProgressing<T>(promise: Promise<T>, db: Database, what: string, stallMs = 600): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    const progress = () => db.stats.commits + db.stats.rollbacks;
    let last = progress();
    let lastChange = Date.now();
    timer = setInterval(() => {
      const now = progress();
      if (now !== last) {
        last = now;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        reject(new Error(`${what} are stuck: no transaction committed or rolled back for ${stallMs} ms. Is a transaction keeping its locks (missing rollback), or are two transfers waiting for each other?`));
      }
    }, 50);
  });
  try {
    return await Promise.race([promise, stalled]);
  } finally {
    clearInterval(timer);
  }
}

/** A seeded generator, so every run makes the same "random" transfers. */
function random(seed = 42) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function describeFailures(results: PromiseSettledResult<unknown>[]): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    if (r.status === 'rejected') {
      const name = r.reason?.name ?? String(r.reason);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts].map(([name, n]) => `${n} × ${name}`).join(', ') || 'none';
}

test('concurrent withdrawals never overdraw an account', { timeout: 5000 }, async () => {
  const db = new Database({ alice: 100, bob: 0 }, { seed: 7 });
  const results = await settlesWhileProgressing(
    Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? transferOnServerA : transferOnServerB)(db, 'alice', 'bob', 30))),
    db,
    '10 concurrent transfers',
  );
  const succeeded = results.filter((r) => r.status === 'fulfilled').length;
  const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof InsufficientFundsError).length;
  assert.equal(succeeded, 3, `with 100 cents, exactly 3 transfers of 30 can succeed, but ${succeeded} did (failures: ${describeFailures(results)}). Did two transfers read the same balance?`);
  assert.equal(refused, 7, `the other 7 should fail with InsufficientFundsError (failures: ${describeFailures(results)})`);
  assert.deepEqual(db.balances(), { alice: 10, bob: 90 }, 'alice should keep 10 cents and bob should receive 90');
});

test('200 random concurrent transfers keep every cent accounted for', { timeout: 5000 }, async () => {
  const ids = ['acc-1', 'acc-2', 'acc-3', 'acc-4', 'acc-5', 'acc-6'];
  const initial: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 1_000]));
  const db = new Database(initial, { seed: 2024 });
  const next = random(99);
  const planned = Array.from({ length: 200 }, () => {
    const from = ids[Math.floor(next() * ids.length)];
    let to = ids[Math.floor(next() * ids.length)];
    if (to === from) to = ids[(ids.indexOf(from) + 1) % ids.length];
    return { from, to, amount: 1 + Math.floor(next() * 400) };
  });

  const results = await settlesWhileProgressing(
    Promise.allSettled(planned.map((p, i) => (i % 2 ? transferOnServerA : transferOnServerB)(db, p.from, p.to, p.amount))),
    db,
    '200 concurrent transfers',
  );

  const unexpected = results.filter((r) => r.status === 'rejected' && !(r.reason instanceof InsufficientFundsError));
  assert.equal(unexpected.length, 0, `a transfer may only fail for lack of funds, but got: ${describeFailures(unexpected)}`);

  const balances = db.balances();
  assert.equal(db.totalBalance(), 6_000, `money was created or destroyed: the accounts hold ${db.totalBalance()} cents in total instead of 6000`);
  for (const [id, balance] of Object.entries(balances)) {
    assert.ok(balance >= 0, `account ${id} was overdrawn to ${balance} cents`);
  }

  // Replaying exactly the successful transfers must give the final balances: no update was lost.
  const expected = { ...initial };
  planned.forEach((p, i) => {
    if (results[i].status === 'fulfilled') {
      expected[p.from] -= p.amount;
      expected[p.to] += p.amount;
    }
  });
  assert.deepEqual(balances, expected, 'the final balances should equal the starting balances plus the successful transfers; otherwise an update was lost');
  assert.equal(db.openTransactions, 0, 'every transaction should be committed or rolled back');
  assert.equal(db.lockedRows, 0, 'no row should stay locked');
});

test('transfers in opposite directions do not deadlock', { timeout: 5000 }, async () => {
  const db = new Database({ alice: 10_000, bob: 10_000 }, { seed: 3 });
  const transfers = [];
  for (let i = 0; i < 100; i++) {
    transfers.push(transferOnServerA(db, 'alice', 'bob', 7));
    transfers.push(transferOnServerB(db, 'bob', 'alice', 5));
  }
  const results = await settlesWhileProgressing(Promise.allSettled(transfers), db, '200 transfers between alice and bob');

  assert.equal(db.stats.deadlocks, 0, `the database detected ${db.stats.deadlocks} deadlock(s): lock the two rows in the same order (e.g. by id) in every transfer`);
  const failed = results.filter((r) => r.status === 'rejected');
  assert.equal(failed.length, 0, `all 200 transfers have enough money and should succeed, but ${failed.length} failed (${describeFailures(failed)})`);
  assert.deepEqual(db.balances(), { alice: 9_800, bob: 10_200 }, 'alice sent 700 and received 500; bob the opposite');
});
