// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPaymentsApp } from '../src/app.js';
import { signPayload } from '../src/webhooks.js';

const SECRET = 'whsec_3f9a1c';
const NOW_MS = 1_700_000_000_000; // the injected clock: 2023-11-14T22:13:20Z
const PAYMENT = { amount: 2_500, currency: 'eur', customerId: 'cus_7' };

/** A scheduler that only runs tasks when the test says so, and remembers the delays asked for. */
function manualScheduler() {
  /** @type {{ delayMs: number, task: () => void }[]} */
  const queue = [];
  /** @type {number[]} */
  const delays = [];
  return {
    queue,
    delays,
    /** @param {number} delayMs @param {() => void} task */
    schedule(delayMs, task) {
      delays.push(delayMs);
      queue.push({ delayMs, task });
    },
    runNext() {
      const next = queue.shift();
      assert.ok(next, 'expected a retry to be scheduled with scheduler.schedule()');
      next.task();
    },
  };
}

/**
 * A merchant's webhook receiver on loopback that answers with the given statuses in turn (then 200).
 * @param {import('node:test').TestContext} t
 * @param {number[]} statuses
 */
async function startReceiver(t, statuses) {
  /** @type {{ headers: http.IncomingHttpHeaders, raw: string, status: number }[]} */
  const received = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const status = statuses[received.length] ?? 200;
      received.push({ headers: req.headers, raw, status });
      res.writeHead(status).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { url: `http://127.0.0.1:${address.port}/hooks`, received };
}

/**
 * @param {import('node:test').TestContext} t
 * @param {string} receiverUrl
 * @param {Partial<import('../src/app.js').PaymentsOptions>} [options]
 */
async function startApp(t, receiverUrl, options = {}) {
  const scheduler = manualScheduler();
  const app = createPaymentsApp({ webhookSecret: SECRET, scheduler, clock: { now: () => NOW_MS }, baseDelayMs: 1000, ...options });
  await new Promise((resolve) => app.server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => {
    app.server.closeAllConnections();
    app.server.close();
  });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const base = `http://127.0.0.1:${address.port}`;
  const registered = await fetch(`${base}/webhook-endpoints`, { method: 'POST', body: JSON.stringify({ url: receiverUrl }) });
  assert.equal(registered.status, 201);
  await registered.arrayBuffer();

  /** @param {string} key */
  const charge = async (key) => {
    const res = await fetch(`${base}/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(PAYMENT),
    });
    return { status: res.status, body: /** @type {any} */ (await res.json()) };
  };
  return { app, charge, scheduler };
}

/**
 * Waits (up to 1 s) for a condition that depends on network round trips.
 * @param {() => boolean} condition
 * @param {string} message
 */
async function eventually(condition, message) {
  for (let i = 0; i < 100 && !condition(); i++) await sleep(10);
  assert.ok(condition(), message);
}

test('a charge sends one signed charge.succeeded event that the receiver can verify', { timeout: 5000 }, async (t) => {
  const receiver = await startReceiver(t, []);
  const { charge } = await startApp(t, receiver.url);

  const created = await charge('order-5005');
  await charge('order-5005'); // an idempotent replay must not announce the charge again
  await eventually(() => receiver.received.length >= 1, 'the receiver should get a webhook after a charge is created');
  await sleep(50);
  assert.equal(receiver.received.length, 1, 'one charge means one event, even when the request was retried');

  const [delivery] = receiver.received;
  const event = JSON.parse(delivery.raw);
  assert.equal(event.type, 'charge.succeeded', 'the event type should be charge.succeeded');
  assert.equal(event.data?.charge?.id, created.body.id, 'the event should carry the charge (data.charge.id)');
  assert.ok(typeof event.id === 'string' && event.id.length > 0, 'the event should have an id');
  assert.equal(delivery.headers['webhook-id'], event.id, 'the webhook-id header should be the event id, so receivers can de-duplicate');

  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivery.headers['webhook-signature']));
  assert.ok(match, `webhook-signature should look like t=<unix seconds>,v1=<hex hmac>, got ${delivery.headers['webhook-signature']}`);
  const timestamp = Number(match[1]);
  assert.equal(timestamp, NOW_MS / 1000, 't= should be the injected clock in unix seconds (receivers reject old timestamps to stop replays)');
  const expected = createHmac('sha256', SECRET).update(`${timestamp}.${delivery.raw}`).digest('hex');
  assert.equal(match[2], expected, 'v1= should be HMAC-SHA256(secret, `${t}.${raw body}`) in hex, so the receiver can verify it');
  assert.equal(signPayload(SECRET, timestamp, delivery.raw), expected, 'signPayload() should compute the same signature');
});

test('a receiver that fails twice gets retries with growing delays, and the event lands exactly once', { timeout: 5000 }, async (t) => {
  const receiver = await startReceiver(t, [500, 503]);
  const { charge, scheduler } = await startApp(t, receiver.url);
  await charge('order-6006');

  await eventually(() => receiver.received.length === 1 && scheduler.queue.length === 1, 'after the first attempt fails (500), one retry should be scheduled');
  scheduler.runNext();
  await eventually(() => receiver.received.length === 2 && scheduler.queue.length === 1, 'after the second attempt fails (503), another retry should be scheduled');
  scheduler.runNext();
  await eventually(() => receiver.received.length === 3, 'the third attempt should reach the receiver');
  await sleep(50);

  assert.deepEqual(scheduler.delays, [1000, 2000], 'retry delays should double: baseDelayMs (1000) after the 1st failure, 2000 after the 2nd');
  assert.equal(scheduler.queue.length, 0, 'after a 2xx, nothing more should be scheduled');
  assert.equal(receiver.received.filter((r) => r.status === 200).length, 1, 'the event should be accepted exactly once');
  const ids = new Set(receiver.received.map((r) => JSON.parse(r.raw).id));
  assert.equal(ids.size, 1, 'every attempt must carry the same event id, or the receiver cannot tell retries from new events');
  assert.equal(new Set(receiver.received.map((r) => r.raw)).size, 1, 'every attempt should send the same body');
});

test('after maxAttempts failures the sender gives up and records a dead letter', { timeout: 5000 }, async (t) => {
  const receiver = await startReceiver(t, [500, 500, 500, 500, 500, 500]);
  const { app, charge, scheduler } = await startApp(t, receiver.url, { maxAttempts: 3 });
  await charge('order-7007');

  await eventually(() => receiver.received.length === 1 && scheduler.queue.length === 1, 'a failed first attempt should schedule a retry');
  scheduler.runNext();
  await eventually(() => receiver.received.length === 2 && scheduler.queue.length === 1, 'a failed second attempt should schedule a retry');
  scheduler.runNext();
  await eventually(() => receiver.received.length === 3, 'the third attempt should reach the receiver');
  await sleep(50);

  assert.equal(scheduler.queue.length, 0, 'with maxAttempts: 3, there must be no fourth attempt');
  const dead = app.webhooks.deadLetters();
  assert.equal(dead.length, 1, 'the undeliverable event should be kept as a dead letter so someone can replay it');
  assert.equal(dead[0].eventId, JSON.parse(receiver.received[0].raw).id, 'the dead letter should name the event');
  assert.equal(dead[0].attempts, 3, 'the dead letter should record the 3 attempts');
});
