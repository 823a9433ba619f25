import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPaymentsApp } from '../src/app.ts';
import type { PaymentsOptions } from '../src/app.ts';
import { createWebhookSender, signPayload } from '../src/webhooks.ts';
import type { WebhookEvent } from '../src/webhooks.ts';

const SECRET = 'whsec_3f9a1c';
const NOW_MS = 1_700_000_000_000; // the injected clock: 2023-11-14T22:13:20Z
const PAYMENT = { amount: 2_500, currency: 'eur', customerId: 'cus_7' };

/** A scheduler that only runs tasks when the test says so, and remembers the delays asked for. */
function manualScheduler() {
  const queue: { delayMs: number, task: () => void }[] = [];
  const delays: number[] = [];
  return {
    queue,
    delays,
    schedule(delayMs: number, task: () => void) {
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

/** A merchant's webhook receiver on loopback that answers with the given statuses in turn (then 200). */
async function startReceiver(t: TestContext, statuses: number[]) {
  const received: { headers: IncomingHttpHeaders, raw: string, status: number }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const status = statuses[received.length] ?? 200;
      received.push({ headers: req.headers, raw, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  t.after(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received };
}

async function startApp(t: TestContext, receiverUrl: string, options: Partial<PaymentsOptions> = {}) {
  const scheduler = manualScheduler();
  const app = createPaymentsApp({ webhookSecret: SECRET, scheduler, clock: { now: () => NOW_MS }, baseDelayMs: 1000, ...options });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
  t.after(() => new Promise<void>((resolve) => {
    app.server.closeAllConnections();
    app.server.close(() => resolve());
  }));
  const { port } = app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const registered = await fetch(`${base}/webhook-endpoints`, { method: 'POST', headers: { connection: 'close' }, body: JSON.stringify({ url: receiverUrl }) });
  assert.equal(registered.status, 201);
  await registered.arrayBuffer();

  const charge = async (key: string) => {
    const res = await fetch(`${base}/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, connection: 'close' },
      body: JSON.stringify(PAYMENT),
    });
    return { status: res.status, body: await res.json() as any };
  };
  return { app, charge, scheduler };
}

/** Waits (up to 5 s, generous for a busy machine) for a condition that depends on network round trips. */
async function eventually(condition: () => boolean, message: string) {
  for (let i = 0; i < 500 && !condition(); i++) await sleep(10);
  assert.ok(condition(), message);
}

/** Checks a delivery's signature with our own HMAC and returns its timestamp. */
function verify(delivery: { headers: IncomingHttpHeaders, raw: string }): number {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivery.headers['webhook-signature']));
  assert.ok(match, `webhook-signature should look like t=<unix seconds>,v1=<hex hmac>, got ${delivery.headers['webhook-signature']}`);
  const timestamp = Number(match[1]);
  const expected = createHmac('sha256', SECRET).update(`${timestamp}.${delivery.raw}`).digest('hex');
  assert.equal(match[2], expected, 'v1= should be HMAC-SHA256(secret, `${t}.${raw body}`) in hex, so the receiver can verify it');
  return timestamp;
}

test('a charge sends one signed charge.succeeded event that the receiver can verify', { timeout: 30_000 }, async (t) => {
  const receiver = await startReceiver(t, []);
  const { charge } = await startApp(t, receiver.url);

  const created = await charge('order-5005');
  await charge('order-5005'); // an idempotent replay must not announce the charge again
  await eventually(() => receiver.received.length >= 1, 'the receiver should get a webhook after a charge is created');
  await sleep(100);
  assert.equal(receiver.received.length, 1, 'one charge means one event, even when the request was retried');

  const delivery = receiver.received[0]!;
  const event = JSON.parse(delivery.raw);
  assert.equal(event.type, 'charge.succeeded', 'the event type should be charge.succeeded');
  assert.equal(event.data?.charge?.id, created.body.id, 'the event should carry the charge (data.charge.id)');
  assert.equal(event.created, NOW_MS / 1000, 'created should be the injected clock in unix seconds');
  assert.ok(typeof event.id === 'string' && event.id.length > 0, 'the event should have an id');
  assert.equal(delivery.headers['webhook-id'], event.id, 'the webhook-id header should be the event id, so receivers can de-duplicate');

  const timestamp = verify(delivery);
  assert.equal(timestamp, NOW_MS / 1000, 't= should be the injected clock in unix seconds (receivers reject old timestamps to stop replays)');
  assert.equal(signPayload(SECRET, timestamp, delivery.raw), createHmac('sha256', SECRET).update(`${timestamp}.${delivery.raw}`).digest('hex'),
    'signPayload() should compute the same signature');
});

test('a receiver that fails twice gets retries with growing delays, freshly signed, and the event lands exactly once', { timeout: 30_000 }, async (t) => {
  const receiver = await startReceiver(t, [500, 503]);
  let now = NOW_MS;
  const { charge, scheduler } = await startApp(t, receiver.url, { clock: { now: () => now } });
  await charge('order-6006');

  await eventually(() => receiver.received.length === 1 && scheduler.queue.length === 1, 'after the first attempt fails (500), one retry should be scheduled');
  now += 1000;
  scheduler.runNext();
  await eventually(() => receiver.received.length === 2 && scheduler.queue.length === 1, 'after the second attempt fails (503), another retry should be scheduled');
  now += 2000;
  scheduler.runNext();
  await eventually(() => receiver.received.length === 3, 'the third attempt should reach the receiver');
  await sleep(100);

  assert.deepEqual(scheduler.delays, [1000, 2000], 'retry delays should double: baseDelayMs (1000) after the 1st failure, 2000 after the 2nd');
  assert.equal(scheduler.queue.length, 0, 'after a 2xx, nothing more should be scheduled');
  assert.equal(receiver.received.filter((r) => r.status === 200).length, 1, 'the event should be accepted exactly once');
  const ids = new Set(receiver.received.map((r) => JSON.parse(r.raw).id));
  assert.equal(ids.size, 1, 'every attempt must carry the same event id, or the receiver cannot tell retries from new events');
  assert.equal(new Set(receiver.received.map((r) => r.raw)).size, 1, 'every attempt should send the same body');
  assert.deepEqual(receiver.received.map(verify), [NOW_MS / 1000, NOW_MS / 1000 + 1, NOW_MS / 1000 + 3],
    'each attempt is signed with the clock at that attempt (t=), so a late retry does not look like a stale replay');
});

test('after maxAttempts failures the sender gives up and records a dead letter', { timeout: 30_000 }, async (t) => {
  const receiver = await startReceiver(t, [500, 500, 500, 500, 500, 500]);
  const { app, charge, scheduler } = await startApp(t, receiver.url, { maxAttempts: 3 });
  await charge('order-7007');

  await eventually(() => receiver.received.length === 1 && scheduler.queue.length === 1, 'a failed first attempt should schedule a retry');
  scheduler.runNext();
  await eventually(() => receiver.received.length === 2 && scheduler.queue.length === 1, 'a failed second attempt should schedule a retry');
  scheduler.runNext();
  await eventually(() => receiver.received.length === 3, 'the third attempt should reach the receiver');
  await sleep(100);

  assert.equal(scheduler.queue.length, 0, 'with maxAttempts: 3, there must be no fourth attempt');
  const dead = app.webhooks.deadLetters();
  assert.equal(dead.length, 1, 'the undeliverable event should be kept as a dead letter so someone can replay it');
  assert.equal(dead[0]!.eventId, JSON.parse(receiver.received[0]!.raw).id, 'the dead letter should name the event');
  assert.equal(dead[0]!.url, receiver.url, 'the dead letter should name the endpoint');
  assert.equal(dead[0]!.attempts, 3, 'the dead letter should record the 3 attempts');
});

test('a send() that rejects is a failure to retry, never an unhandled rejection; a known event id is ignored', { timeout: 30_000 }, async () => {
  const scheduler = manualScheduler();
  const attempts: { url: string, body: string }[] = [];
  const send = async (url: string, body: string) => {
    attempts.push({ url, body });
    if (attempts.length === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    return { status: 204 };
  };
  const sender = createWebhookSender({ secret: SECRET, scheduler, clock: { now: () => NOW_MS }, send, maxAttempts: 3, baseDelayMs: 500 });
  sender.addEndpoint('http://merchant.test/hooks');
  const event: WebhookEvent = { id: 'evt_1', type: 'charge.succeeded', created: NOW_MS / 1000, data: {} };

  sender.enqueue(event);
  sender.enqueue(event); // the same event again: already being delivered
  await eventually(() => scheduler.queue.length === 1, 'a rejected send() (connection refused) is a failed attempt and should schedule a retry');
  assert.equal(attempts.length, 1, 'an event id that was already enqueued must be ignored: one first attempt, not two');
  assert.deepEqual(scheduler.delays, [500], 'the first retry waits baseDelayMs');
  scheduler.runNext();
  await eventually(() => attempts.length === 2, 'the retry should send again');
  await sleep(50);
  assert.equal(scheduler.queue.length, 0, 'a 204 is a 2xx: delivered, nothing more to schedule');
  assert.deepEqual(sender.deadLetters(), [], 'a delivered event is not a dead letter');
});
