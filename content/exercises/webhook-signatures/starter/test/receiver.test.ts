import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { createHmac } from 'node:crypto';
import { createWebhookReceiver } from '../src/receiver.ts';
import type { TestContext } from 'node:test';
import type { AddressInfo } from 'node:net';

const opts = { timeout: 5000 };
const SECRET = 'whsec_receiver_test';
const T = 1_700_000_000;
const now = () => T * 1000 + 2_000; // the receiver's clock: 2 s after T

/**
 * Sign like the sender does, computed here so these tests do not depend on
 * your sign().
 */
function header(body: Buffer, t: number = T, secret: string = SECRET) {
  const hex = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${hex}`;
}

/**
 * Start a receiver on a random loopback port, closed when the test ends.
 */
async function startReceiver(t: TestContext, onEvent?: (event: unknown) => void | Promise<void>) {
  const events: unknown[] = [];
  const server = createWebhookReceiver({ secret: SECRET, now, onEvent: onEvent ?? ((event) => { events.push(event); }) });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve(undefined));
  }));
  const address = server.address() as AddressInfo;
  return { port: address.port, events };
}

/**
 * POST raw bytes, optionally in several chunks with a pause between them so
 * they reach the server as separate 'data' events.
 * @returns the response status
 */
function post(port: number, chunks: Buffer[], headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/webhooks', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    (async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0) await delay(30);
        req.write(chunk);
      }
      req.end();
    })().catch(reject);
  });
}

test('answers 200 to a correctly signed delivery and hands the parsed event to onEvent', opts, async (t) => {
  const { port, events } = await startReceiver(t);
  const body = Buffer.from(JSON.stringify({ type: 'order.created', id: 'ord_1' }));
  const status = await post(port, [body], { 'webhook-signature': header(body) });
  assert.equal(status, 200, 'a valid, fresh signature should be accepted with 200');
  assert.deepEqual(events, [{ type: 'order.created', id: 'ord_1' }], 'onEvent should receive the parsed JSON body once');
});

test('answers 401 to a bad signature, a tampered body or a replayed (stale) delivery, without calling onEvent', opts, async (t) => {
  const { port, events } = await startReceiver(t);
  const body = Buffer.from('{"type":"refund.created","amount":500}');
  const wrongSecret = await post(port, [body], { 'webhook-signature': header(body, T, 'whsec_attacker') });
  assert.equal(wrongSecret, 401, 'a signature made with another secret should get 401');
  const tampered = Buffer.from('{"type":"refund.created","amount":50000}');
  const tamperedStatus = await post(port, [tampered], { 'webhook-signature': header(body) });
  assert.equal(tamperedStatus, 401, 'a body that differs from the signed one should get 401');
  const stale = await post(port, [body], { 'webhook-signature': header(body, T - 3600) });
  assert.equal(stale, 401, 'a genuine signature from an hour ago should be refused with 401 (default tolerance 300 s)');
  assert.deepEqual(events, [], 'onEvent must never see an unverified or stale event');
});

test('answers 400 to a missing or malformed signature header, and to a verified body that is not JSON', opts, async (t) => {
  const { port, events } = await startReceiver(t);
  const body = Buffer.from('{"type":"ping"}');
  assert.equal(await post(port, [body], {}), 400, 'a request without the webhook-signature header should get 400');
  assert.equal(await post(port, [body], { 'webhook-signature': 'nonsense' }), 400, 'an unparseable signature header should get 400');
  const notJson = Buffer.from('this is not json');
  assert.equal(await post(port, [notJson], { 'webhook-signature': header(notJson) }), 400, 'a correctly signed body that is not JSON should get 400');
  assert.deepEqual(events, [], 'onEvent must not run for any of these');
});

test('verifies the raw bytes as received: odd spacing, key order and a multi-byte character split across packets', opts, async (t) => {
  const { port, events } = await startReceiver(t);

  // Re-serializing this with JSON.stringify(JSON.parse(…)) gives different bytes.
  const spaced = Buffer.from('{ "z": 1,\n  "a": [1.50, 2e3],  "note": "caf\\u00e9" }\n');
  const spacedStatus = await post(port, [spaced], { 'webhook-signature': header(spaced) });
  assert.equal(spacedStatus, 200, 'the HMAC must be computed over the bytes received, not over re-serialized JSON');

  // Sent in two packets, cut in the middle of the two bytes of "ë".
  const accented = Buffer.from('{"customer":"Zoë Ångström","city":"Kraków","emoji":"🚀"}', 'utf8');
  const cut = accented.indexOf(Buffer.from('ë')) + 1;
  const splitStatus = await post(port, [accented.subarray(0, cut), accented.subarray(cut)], { 'webhook-signature': header(accented) });
  assert.equal(splitStatus, 200, 'join the chunks as Buffers (decoding each chunk to a string on its own corrupts split characters)');

  assert.deepEqual(
    events,
    [{ z: 1, a: [1.5, 2000], note: 'café' }, { customer: 'Zoë Ångström', city: 'Kraków', emoji: '🚀' }],
    'onEvent should receive both events, correctly parsed',
  );
});

test('answers 500 when onEvent fails, so the sender delivers again later', opts, async (t) => {
  let calls = 0;
  const { port } = await startReceiver(t, async () => {
    calls += 1;
    throw new Error('the database is down');
  });
  const body = Buffer.from('{"type":"invoice.paid","id":"in_9"}');
  assert.equal(await post(port, [body], { 'webhook-signature': header(body) }), 500,
    'a verified delivery whose handler fails is our own failure: answer 500 (a 2xx would tell the sender it was handled)');
  assert.equal(calls, 1, 'onEvent should have been called once');
});
