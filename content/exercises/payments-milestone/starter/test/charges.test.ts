import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep, setImmediate as nextTurn } from 'node:timers/promises';
import { createPaymentsApp } from '../src/app.ts';
import type { PaymentsOptions } from '../src/app.ts';
import type { Ledger } from '../src/ledger.ts';

/** A processor that counts calls. With a gate, each call waits until the test opens it. */
function countingProcessor(gate?: Promise<void>) {
  const processor = {
    calls: 0,
    async charge() {
      processor.calls++;
      await gate;
      return { reference: `pi_${processor.calls}` };
    },
  };
  return processor;
}

async function startApp(t: TestContext, options: Partial<PaymentsOptions> = {}) {
  const app = createPaymentsApp({ webhookSecret: 'whsec_test', scheduler: { schedule() {} }, ...options });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
  t.after(() => new Promise<void>((resolve) => {
    app.server.closeAllConnections();
    app.server.close(() => resolve());
  }));
  const { port } = app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const charge = async (body: unknown, key: string | undefined) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', connection: 'close' };
    if (key !== undefined) headers['idempotency-key'] = key;
    const res = await fetch(`${base}/charges`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, headers: res.headers, body: await res.json() as any };
  };
  return { app, charge };
}

const transactions = (ledger: Ledger) => new Set(ledger.entries().map((e) => e.transactionId));

const PAYMENT = { amount: 10_000, currency: 'usd', customerId: 'cus_42' };

test('requests without an Idempotency-Key or with invalid fields are rejected with 400 and charge nothing', { timeout: 20_000 }, async (t) => {
  const processor = countingProcessor();
  const { app, charge } = await startApp(t, { processor });

  const noKey = await charge(PAYMENT, undefined);
  assert.equal(noKey.status, 400, 'POST /charges without an Idempotency-Key header should be rejected with 400: a retry could not be recognised');
  for (const body of [{ ...PAYMENT, amount: 49 }, { ...PAYMENT, amount: 10.5 }, { ...PAYMENT, currency: 'doge' }, { ...PAYMENT, customerId: '' }]) {
    const res = await charge(body, `key-invalid-${JSON.stringify(body)}`);
    assert.equal(res.status, 400, `an invalid charge ${JSON.stringify(body)} should be rejected with 400`);
  }
  assert.equal(processor.calls, 0, 'no card should be charged for a rejected request');
  assert.equal(app.ledger.entries().length, 0, 'no ledger entries should be written for a rejected request');
});

test('an invalid body is not remembered: the client can fix it and retry with the same key', { timeout: 20_000 }, async (t) => {
  const processor = countingProcessor();
  const { charge } = await startApp(t, { processor });

  const invalid = await charge({ ...PAYMENT, amount: 10 }, 'order-0990');
  assert.equal(invalid.status, 400, 'an amount below 50 cents is invalid');
  const fixed = await charge(PAYMENT, 'order-0990');
  assert.equal(fixed.status, 201, 'the 400 must not be stored under the key: the corrected request with the same key should create the charge');
  assert.equal(processor.calls, 1, 'the corrected request charges the card once');
});

test('a charge writes one balanced ledger transaction: customer debited, merchant and fees credited', { timeout: 20_000 }, async (t) => {
  const { app, charge } = await startApp(t);
  const res = await charge(PAYMENT, 'order-1001');
  assert.equal(res.status, 201, 'a valid charge should be created with 201');
  assert.equal(res.body.status, 'succeeded');
  assert.equal(res.body.amount, 10_000);

  const entries = app.ledger.entries();
  assert.deepEqual([...transactions(app.ledger)], [res.body.id], 'the charge should write exactly one ledger transaction, identified by the charge id');
  const debits = entries.filter((e) => e.direction === 'debit').reduce((sum, e) => sum + e.amount, 0);
  const credits = entries.filter((e) => e.direction === 'credit').reduce((sum, e) => sum + e.amount, 0);
  assert.equal(debits, credits, 'debits must equal credits: money is never created or lost');
  assert.equal(app.ledger.balance('customer:cus_42'), 10_000, 'customer:cus_42 should be debited the full amount');
  assert.equal(app.ledger.balance('platform_fees'), -320, 'platform_fees should be credited the fee: 2.9% of 10000 + 30 = 320');
  assert.equal(app.ledger.balance('merchant'), -9_680, 'merchant should be credited the amount minus the fee');
});

test('a retry with the same key and body replays the first response without charging again', { timeout: 20_000 }, async (t) => {
  const processor = countingProcessor();
  const { app, charge } = await startApp(t, { processor });
  const first = await charge(PAYMENT, 'order-2002');
  const retry = await charge(PAYMENT, 'order-2002');

  assert.equal(retry.status, first.status, 'the retry should get the same status as the first response');
  assert.deepEqual(retry.body, first.body, 'the retry should get the same body (same charge id) as the first response');
  assert.equal(retry.headers.get('idempotent-replayed'), 'true', 'a replayed response should carry Idempotent-Replayed: true');
  assert.equal(first.headers.get('idempotent-replayed'), null, 'the first response is not a replay');
  assert.equal(processor.calls, 1, 'the card must be charged once, however often the client retries');
  assert.equal(transactions(app.ledger).size, 1, 'the ledger must hold one transaction for the two requests');

  const other = await charge(PAYMENT, 'order-2003');
  assert.notEqual(other.body.id, first.body.id, 'a different key is a different charge');
  assert.equal(processor.calls, 2, 'a new key should charge again');
});

test('reusing a key with a different body is rejected with 422', { timeout: 20_000 }, async (t) => {
  const processor = countingProcessor();
  const { app, charge } = await startApp(t, { processor });
  await charge(PAYMENT, 'order-3003');
  const changed = await charge({ ...PAYMENT, amount: 99_999 }, 'order-3003');

  assert.equal(changed.status, 422, 'the same Idempotency-Key with a different amount is a client bug and should get 422');
  assert.equal(processor.calls, 1, 'the mismatched request must not charge the card');
  assert.equal(transactions(app.ledger).size, 1, 'the mismatched request must not touch the ledger');
});

test('concurrent requests over the network with the same key charge once; the others get the result or 409', { timeout: 30_000 }, async (t) => {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const processor = countingProcessor(gate);
  const { app, charge } = await startApp(t, { processor });

  const requests = Array.from({ length: 5 }, () => charge(PAYMENT, 'order-4004'));
  for (let i = 0; i < 1000 && processor.calls === 0; i++) await sleep(10);
  await sleep(200); // let the other four requests arrive while the first is still at the processor
  release();
  const replies = await Promise.all(requests);

  assert.equal(processor.calls, 1, `5 simultaneous requests with one key should charge the card once, not ${processor.calls} times (reserve the key before the first await)`);
  assert.equal(transactions(app.ledger).size, 1, 'the ledger should hold exactly one transaction');
  const created = replies.filter((r) => r.status === 201);
  assert.ok(created.length >= 1, 'at least the first request should get 201');
  assert.equal(new Set(created.map((r) => r.body.id)).size, 1, 'every 201 must describe the same charge');
  for (const reply of replies) {
    assert.ok(reply.status === 201 || reply.status === 409, `the other requests should get the stored result or 409 (in progress), got ${reply.status}`);
  }
});

/** Just enough of a ServerResponse to record what the app sends, and a promise of the end. */
function recordingResponse() {
  let finish = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const sent = { status: 0, headers: {} as Record<string, unknown>, body: undefined as any };
  const res = {
    headersSent: false,
    writeHead(status: number, headers: Record<string, unknown> = {}) {
      sent.status = status;
      sent.headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      res.headersSent = true;
      return res;
    },
    end(text?: string) {
      sent.body = text ? JSON.parse(text) : undefined;
      finish();
      return res;
    },
  };
  return { res: res as unknown as ServerResponse, sent, finished };
}

test('duplicates released in the same tick charge once: no gap between checking the key and reserving it', { timeout: 20_000 }, async () => {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const processor = countingProcessor(gate);
  const app = createPaymentsApp({ webhookSecret: 'whsec_test', scheduler: { schedule() {} }, processor });
  // The app's own request listener, called directly: no sockets, so the test decides when each body ends.
  const listener = app.server.listeners('request')[0] as RequestListener;

  const bodies = Array.from({ length: 5 }, () => new PassThrough());
  const calls = bodies.map((body) => {
    const req = Object.assign(body, { method: 'POST', url: '/charges', headers: { 'content-type': 'application/json', 'idempotency-key': 'order-4545' } });
    const recorded = recordingResponse();
    listener(req as unknown as IncomingMessage, recorded.res);
    return recorded;
  });
  // Every body completes in the same tick, so all five requests reach the idempotency check together.
  for (const body of bodies) body.end(JSON.stringify(PAYMENT));
  for (let i = 0; i < 10; i++) await nextTurn();
  release();
  await Promise.all(calls.map((c) => c.finished));

  assert.equal(processor.calls, 1,
    `5 duplicates that arrived in the same tick charged the card ${processor.calls} times. Checking the key and reserving it must ` +
    'happen with no await in between; otherwise every duplicate finds the key free before the first one reserves it.');
  assert.deepEqual(calls.map((c) => c.sent.status).sort(), [201, 409, 409, 409, 409],
    'the first request creates the charge (201); the four that arrive while it is at the processor get 409 (in progress)');
  assert.equal(transactions(app.ledger).size, 1, 'the ledger should hold exactly one transaction');
});
