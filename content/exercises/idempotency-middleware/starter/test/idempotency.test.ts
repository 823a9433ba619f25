import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { withIdempotency } from '../src/idempotency.ts';
import type { JsonRequest } from '../src/idempotency.ts';

interface ClientResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
}

/**
 * Starts a loopback server on a free port and closes it when the test ends.
 * @returns the base URL
 */
async function startServer(t: TestContext, listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve(undefined));
  }));
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/** Sends one real HTTP request (its own connection, no keep-alive) and reads the JSON answer. */
function send(base: string, { method = 'POST', path = '/payments', key, body = { amount: 1000 } }: { method?: string; path?: string; key?: string; body?: unknown; }): Promise<ClientResponse> {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (key !== undefined) headers['idempotency-key'] = key;
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let parsed;
        try {
          parsed = raw === '' ? undefined : JSON.parse(raw);
        } catch {
          parsed = raw;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(text); // headers and body leave together
  });
}

/** A payment handler that counts its calls; each call creates a new charge id. */
function paymentHandler({ gate, onCall, failFirst = false }: { gate?: Promise<void>; onCall?: () => void; failFirst?: boolean; } = {}) {
  const handler = {
    calls: 0,
    handle: async (request: JsonRequest) => {
      handler.calls += 1;
      const call = handler.calls;
      onCall?.();
      if (gate) await gate;
      if (failFirst && call === 1) throw new Error('payment provider timed out');
      const { amount } = JSON.parse(request.body || '{}');
      return { status: 201, body: { chargeId: `ch_${call}`, amount } };
    },
  };
  return handler;
}

const replayed = (res: ClientResponse) => res.headers['idempotent-replayed'] === 'true';

test('without an Idempotency-Key (or on GET) the handler runs every time', { timeout: 5000 }, async (t) => {
  const payments = paymentHandler();
  const base = await startServer(t, withIdempotency(payments.handle, new Map()));

  const first = await send(base, {});
  const second = await send(base, {});
  assert.equal(first.status, 201, 'a POST without a key should simply run the handler and return its 201');
  assert.equal(second.body.chargeId, 'ch_2', 'a POST without a key opted out of idempotency, so a second one runs the handler again');

  await send(base, { method: 'GET', path: '/payments/ch_1', key: 'get-key' });
  await send(base, { method: 'GET', path: '/payments/ch_1', key: 'get-key' });
  assert.equal(payments.calls, 4, 'only POST is protected: GET is idempotent already, so a GET with a key should pass straight through');
});

test('the first request with a key runs the handler and returns its response', { timeout: 5000 }, async (t) => {
  const payments = paymentHandler();
  const base = await startServer(t, withIdempotency(payments.handle, new Map()));

  const res = await send(base, { key: 'order-42-payment', body: { amount: 4999 } });
  assert.equal(res.status, 201, 'the handler returned 201, and the client should get exactly that');
  assert.deepEqual(res.body, { chargeId: 'ch_1', amount: 4999 }, 'the client should get the body the handler returned');
  assert.equal(replayed(res), false, 'the first response is not a replay, so it must not carry "idempotent-replayed: true"');
  assert.equal(payments.calls, 1, 'the handler should run once');
});

test('a retry with the same key replays the stored response without running the handler again', { timeout: 5000 }, async (t) => {
  const payments = paymentHandler();
  const base = await startServer(t, withIdempotency(payments.handle, new Map()));

  const first = await send(base, { key: 'retry-me', body: { amount: 1500 } });
  const retry = await send(base, { key: 'retry-me', body: { amount: 1500 } });
  const again = await send(base, { key: 'retry-me', body: { amount: 1500 } });

  assert.equal(payments.calls, 1,
    `the handler ran ${payments.calls} times for one key: a client retrying after a timeout would be charged twice`);
  assert.equal(retry.status, first.status, 'the retry should get the same status as the original response');
  assert.deepEqual(retry.body, first.body, 'the retry should get the same body (the same chargeId) as the original response');
  assert.deepEqual(again.body, first.body, 'every later retry should get the same stored body too');
  assert.equal(replayed(retry), true, 'a replayed response should carry the header "idempotent-replayed: true"');
});

test('different keys are different operations', { timeout: 5000 }, async (t) => {
  const payments = paymentHandler();
  const base = await startServer(t, withIdempotency(payments.handle, new Map()));

  const a = await send(base, { key: 'key-a' });
  const b = await send(base, { key: 'key-b' });
  assert.equal(payments.calls, 2, 'two different keys mean two different payments, so the handler should run twice');
  assert.notEqual(a.body.chargeId, b.body.chargeId, 'each key should get its own charge');
});

test('the same key with a different request is rejected with 422', { timeout: 5000 }, async (t) => {
  const payments = paymentHandler();
  const base = await startServer(t, withIdempotency(payments.handle, new Map()));

  await send(base, { key: 'reused', body: { amount: 1000 } });
  const otherBody = await send(base, { key: 'reused', body: { amount: 9999 } });
  assert.equal(otherBody.status, 422,
    'the key was used for { amount: 1000 }; reusing it for { amount: 9999 } is a client bug and should get 422, not the old charge');
  const otherPath = await send(base, { key: 'reused', path: '/refunds', body: { amount: 1000 } });
  assert.equal(otherPath.status, 422, 'the same key on a different URL is a different request too, so 422');
  assert.equal(payments.calls, 1, 'neither mismatched request may run the handler');
});

test('concurrent duplicates run the handler exactly once and all get its response', { timeout: 5000 }, async (t) => {
  const DUPLICATES = 5;
  let openGate: () => void = (): void => {};
  const gate = new Promise<void>((resolve) => { openGate = () => resolve(); });
  let markEntered: () => void = (): void => {};
  const entered = new Promise((resolve) => { markEntered = () => resolve(undefined); });
  const payments = paymentHandler({ gate, onCall: markEntered });

  const listener = withIdempotency(payments.handle, new Map());
  let received = 0;
  let markAllReceived: () => void = (): void => {};
  const allReceived = new Promise((resolve) => { markAllReceived = () => resolve(undefined); });
  const base = await startServer(t, (req, res) => {
    received += 1;
    if (received === DUPLICATES) markAllReceived();
    listener(req, res);
  });

  // The client's first attempt "times out" and it retries four times while the first is still running.
  const responses = Array.from({ length: DUPLICATES }, () => send(base, { key: 'double-click', body: { amount: 700 } }));

  const safetyNet = (what: string) => new Promise((_, reject) => {
    setTimeout(() => reject(new Error(what)), 3000).unref();
  });
  await Promise.race([allReceived, safetyNet(`only ${received} of ${DUPLICATES} requests reached the server`)]);
  await Promise.race([entered, safetyNet('the handler was never called for the first of the concurrent requests')]);
  for (let i = 0; i < 20; i++) await nextTurn(); // let every duplicate read its body and reach your code
  openGate(); // only now does the first handler call finish

  const results = await Promise.all(responses);
  assert.equal(payments.calls, 1,
    `${DUPLICATES} concurrent requests with the same key ran the handler ${payments.calls} times; it must run exactly once ` +
    '(claim the key before your first await, and make duplicates wait for the running request)');
  for (const res of results) {
    assert.equal(res.status, 201, `every duplicate should get the first request's 201 once it finishes; one got ${res.status}`);
    assert.deepEqual(res.body, { chargeId: 'ch_1', amount: 700 }, 'every duplicate should get the same body as the first request');
  }
  assert.equal(results.filter(replayed).length, DUPLICATES - 1,
    'the four duplicates should be marked "idempotent-replayed: true", and the original response should not be');
});

/** Just enough of a ServerResponse to record what the listener sends. */
function recordingResponse() {
  const sent = { status: 0, headers: {} as Record<string, unknown>, body: undefined as any, headersSent: false };
  const res = {
    get headersSent() { return sent.headersSent; },
    writeHead(status: number, headers: Record<string, unknown> = {}) {
      sent.status = status;
      sent.headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      sent.headersSent = true;
      return res;
    },
    end(text?: string) {
      sent.body = text ? JSON.parse(text) : undefined;
      return res;
    },
    destroy() {},
  };
  return { res: res as unknown as ServerResponse, sent };
}

test('duplicates released in the same tick run the handler once: no gap between checking the key and claiming it', { timeout: 5000 }, async () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => { open = resolve; });
  const payments = paymentHandler({ gate });
  const listener = withIdempotency(payments.handle, new Map());

  // Five requests whose bodies the test completes itself, all in the same tick, so that every
  // request reaches the idempotency check at the same moment: the tightest race a server can see.
  const bodies = Array.from({ length: 5 }, () => new PassThrough());
  const calls = bodies.map((body) => {
    const req = Object.assign(body, { method: 'POST', url: '/payments', headers: { 'idempotency-key': 'same-tick', 'content-type': 'application/json' } });
    const { res, sent } = recordingResponse();
    return { done: listener(req as unknown as IncomingMessage, res), sent };
  });
  for (const body of bodies) body.end('{"amount":700}');
  for (let i = 0; i < 5; i++) await nextTurn();
  open();
  await Promise.all(calls.map((c) => c.done));

  assert.equal(payments.calls, 1,
    `5 duplicates that arrived in the same tick ran the handler ${payments.calls} times. Checking the key and claiming it must ` +
    'happen with no await in between; otherwise every duplicate finds the key free before the first one claims it.');
  assert.deepEqual(calls.map((c) => c.sent.status), [201, 201, 201, 201, 201], 'every duplicate should get the response of the one run');
  assert.equal(calls.filter((c) => c.sent.headers['idempotent-replayed'] === 'true').length, 4, 'the four duplicates are replays');
});

test('a stored response expires after the TTL (injected clock)', { timeout: 5000 }, async (t) => {
  let clock = 1_700_000_000_000;
  const payments = paymentHandler();
  const base = await startServer(t, withIdempotency(payments.handle, new Map(), { ttlMs: 60_000, now: () => clock }));

  await send(base, { key: 'daily-invoice' });
  clock += 59_999;
  const beforeExpiry = await send(base, { key: 'daily-invoice' });
  assert.equal(payments.calls, 1, '1 ms before the 60 s TTL runs out, the stored response should still be replayed');
  assert.equal(beforeExpiry.body.chargeId, 'ch_1', 'the replay should be the original charge');

  clock += 1;
  const afterExpiry = await send(base, { key: 'daily-invoice' });
  assert.equal(payments.calls, 2, 'once the TTL has passed (now ≥ stored time + ttlMs) the key is free again and the handler should run');
  assert.equal(afterExpiry.body.chargeId, 'ch_2', 'after expiry the client should get the new result');
  assert.equal(replayed(afterExpiry), false, 'a fresh run after expiry is not a replay');
});

test('when the handler throws, the client gets 500 and a retry runs the handler again', { timeout: 5000 }, async (t) => {
  const payments = paymentHandler({ failFirst: true });
  const base = await startServer(t, withIdempotency(payments.handle, new Map()));

  const failed = await send(base, { key: 'flaky' });
  assert.equal(failed.status, 500, 'a handler that throws should produce a 500 for that request');
  const retry = await send(base, { key: 'flaky' });
  assert.equal(payments.calls, 2, 'a failure must not be stored: the retry should run the handler again');
  assert.equal(retry.status, 201, 'the retry should succeed with the handler\'s 201');
});

test('two servers sharing one store replay each other\'s responses', { timeout: 5000 }, async (t) => {
  const store = new Map();
  const paymentsA = paymentHandler();
  const paymentsB = paymentHandler();
  const baseA = await startServer(t, withIdempotency(paymentsA.handle, store));
  const baseB = await startServer(t, withIdempotency(paymentsB.handle, store));

  const first = await send(baseA, { key: 'load-balanced' });
  const retryOnOtherInstance = await send(baseB, { key: 'load-balanced' });
  assert.equal(paymentsB.calls, 0,
    'the retry landed on another instance; the finished response must come from the shared store, not a private Map inside the wrapper');
  assert.deepEqual(retryOnOtherInstance.body, first.body, 'the other instance should replay the same body');
});
