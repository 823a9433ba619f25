import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createApp } from '../src/app.ts';
import { createUserDb } from '../src/db.ts';
import { asyncHandler } from '../src/middleware.ts';
import type { Request, Response } from '../src/framework.ts';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

let server: http.Server;
let base = '';

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  const db = createUserDb([{ id: 'u-1', email: 'grace@example.com', name: 'Grace' }]);
  server = http.createServer(createApp({ db, log: () => {} }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address() as AddressInfo;
  base = `http://127.0.0.1:${address.port}`;
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(() => resolve(undefined)));
});

async function call(method: string, path: string, body?: unknown) {
  let res;
  try {
    res = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(2000),
    });
  } catch (cause) {
    throw new Error(`${method} ${path} got no response within 2 s: a rejected promise probably never reached next(err)`, { cause });
  }
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

test('asyncHandler sends rejections and throws to next(err)', { timeout: 5000 }, async () => {
  const boom = new Error('boom');
  const seen: unknown[] = [];
  const next = (err?: unknown) => { seen.push(err); };
  const req = {} as Request;
  const res = {} as Response;

  asyncHandler(async () => {
    await nextTurn();
    throw boom;
  })(req, res, next);
  await nextTurn();
  await nextTurn();
  assert.deepEqual(seen, [boom], 'a rejected promise should end up as next(err) with the same error');

  seen.length = 0;
  // Not an async function: it throws before any promise exists.
  const plain = (() => {
    throw boom;
  }) as () => Promise<unknown>;
  assert.doesNotThrow(() => asyncHandler(plain)(req, res, next), 'a synchronous throw should not escape asyncHandler');
  await nextTurn();
  assert.deepEqual(seen, [boom], 'a synchronous throw inside the handler should also become next(err)');

  seen.length = 0;
  asyncHandler(async () => {})(req, res, next);
  await nextTurn();
  assert.deepEqual(seen, [], 'a handler that succeeds should not trigger next');
});

test('GET of an unknown user is a 404 from the error handler', { timeout: 5000 }, async () => {
  const found = await call('GET', '/users/u-1');
  assert.equal(found.status, 200, `an existing user should be returned with 200, got ${found.status}: ${found.text}`);
  assert.equal(found.json?.name, 'Grace');

  const missing = await call('GET', '/users/nobody');
  assert.equal(missing.status, 404, `an unknown id should give 404, got ${missing.status}: ${missing.text}`);
  assert.equal(missing.json?.error?.code, 'NOT_FOUND', `the body should say error.code 'NOT_FOUND', got ${missing.text}`);
});

test('a duplicate email is a 409, and no promise rejection goes unhandled', { timeout: 5000 }, async () => {
  const first = await call('POST', '/users', { email: 'linus@example.com', name: 'Linus' });
  assert.equal(first.status, 201, `the first user with this email should be created, got ${first.status}: ${first.text}`);

  const second = await call('POST', '/users', { email: 'linus@example.com', name: 'Linus again' });
  assert.equal(second.status, 409, `a second user with the same email should give 409, got ${second.status}: ${second.text}`);
  assert.equal(second.json?.error?.code, 'CONFLICT', "the body should say error.code 'CONFLICT'");
  assert.ok(!second.text.includes('users_email_key'), 'the database message (it names the constraint) should not reach the client');

  await nextTurn();
  assert.equal(unhandled.length, 0, `no promise rejection should go unhandled, saw: ${unhandled.map(String).join('; ')}`);
});
