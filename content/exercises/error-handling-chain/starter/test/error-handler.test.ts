import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { TestContext } from 'node:test';
import type { AddressInfo } from 'node:net';
import { compose, jsonBody, route } from '../src/framework.ts';
import { HttpError } from '../src/errors.ts';
import { asyncHandler, errorHandler } from '../src/middleware.ts';
import { createApp } from '../src/app.ts';
import type { UserDb } from '../src/db.ts';
import type { ErrorMiddleware, Middleware } from '../src/framework.ts';

const SECRET = 'postgres://payments:hunter2@10.0.3.7:5432/prod';

/** Starts a server for one test and closes it when the test ends. */
async function start(t: TestContext, listener: http.RequestListener): Promise<string> {
  const server = http.createServer(listener);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve(undefined)));
  });
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

interface Answer { status: number, type: string, json: any, text: string }

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  let res;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
  } catch (cause) {
    throw new Error(`${init.method ?? 'GET'} ${url} got no response within 2 s: an error was probably lost`, { cause });
  }
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', json, text };
}

/** The shape every error response must have. */
function assertErrorShape(res: Answer, what: string): void {
  assert.match(res.type, /^application\/json/, `${what}: the error should be JSON, got content-type '${res.type}' and body ${res.text}`);
  const error = res.json?.error;
  assert.ok(error && typeof error === 'object', `${what}: the body should be { "error": { ... } }, got ${res.text}`);
  assert.equal(error.status, res.status, `${what}: error.status should repeat the HTTP status`);
  assert.equal(typeof error.code, 'string', `${what}: error.code should be a string clients can branch on`);
  assert.equal(typeof error.message, 'string', `${what}: error.message should be a string`);
}

function assertNoInternals(text: string): void {
  assert.ok(!text.includes('hunter2') && !text.includes('10.0.3.7'), `the response should not reveal the internal message, got ${text}`);
  assert.ok(!/\bat .+:\d+:\d+/.test(text) && !text.includes('.js') && !text.includes('.ts'), `the response should not contain a stack trace, got ${text}`);
}

test('server errors are logged, but the client learns nothing about the internals', { timeout: 5000 }, async (t) => {
  const logged: unknown[] = [];
  const log = (err: unknown) => { logged.push(err); };
  const bug = new Error(`connect ECONNREFUSED ${SECRET}`);
  const base = await start(t, compose([
    route('GET', '/bug', () => {
      throw bug;
    }),
    route('GET', '/outage', asyncHandler(async () => {
      throw new HttpError(503, `replica lag 40 s on ${SECRET}`, { code: 'UNAVAILABLE' });
    })),
    route('GET', '/string', () => {
      throw 'something odd'; // eslint-disable-line no-throw-literal
    }),
    errorHandler({ log }),
  ]));

  const res = await call(`${base}/bug`);
  assert.equal(res.status, 500, `an unexpected error should give 500, got ${res.status}`);
  assertErrorShape(res, 'an unexpected error');
  assertNoInternals(res.text);
  assert.ok(logged.includes(bug), 'the original error should be passed to log(), so operators can find the cause');

  const outage = await call(`${base}/outage`);
  assert.equal(outage.status, 503, 'an HttpError with a 5xx status should keep its status');
  assertErrorShape(outage, 'a 503 HttpError');
  assertNoInternals(outage.text);

  const odd = await call(`${base}/string`);
  assert.equal(odd.status, 500, 'a thrown value that is not an Error should still give a 500');
  assertErrorShape(odd, 'a thrown string');

  const brokenDb: UserDb = {
    insert: async () => {
      throw new Error(`connect ECONNREFUSED ${SECRET}`);
    },
    findById: async () => {
      throw new Error(`connect ECONNREFUSED ${SECRET}`);
    },
  };
  const appBase = await start(t, createApp({ db: brokenDb, log }));
  const down = await call(`${appBase}/users/u-1`);
  assert.equal(down.status, 500, `a database outage during GET /users/:id should give 500, got ${down.status}`);
  assertErrorShape(down, 'a database outage');
  assertNoInternals(down.text);

  const downPost = await call(`${appBase}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
  });
  assert.equal(downPost.status, 500, `a database outage during POST /users is not a conflict: it should stay a server error (500), got ${downPost.status}`);
  assertErrorShape(downPost, 'a database outage during POST');
  assertNoInternals(downPost.text);
});

test('only HttpError chooses the status: any other object with a status is a server error', { timeout: 5000 }, async (t) => {
  const logged: unknown[] = [];
  // What a library might throw: an Error (or a plain object) that happens to carry a `status`.
  const fromLibrary = Object.assign(new Error(`upstream said 404 for ${SECRET}`), { status: 404, code: 'UPSTREAM' });
  const plainObject = { status: 400, code: 'SNEAKY', message: `bad input near ${SECRET}` };
  const base = await start(t, compose([
    route('GET', '/library', () => {
      throw fromLibrary;
    }),
    route('GET', '/object', ((_req, _res, next) => next(plainObject)) satisfies Middleware),
    errorHandler({ log: (err) => { logged.push(err); } }),
  ]));

  for (const [path, err] of [['/library', fromLibrary], ['/object', plainObject]] as const) {
    const res = await call(`${base}${path}`);
    assert.equal(res.status, 500, `${path}: a ${err.status} status on something that is not an HttpError must not be trusted; expected 500, got ${res.status}`);
    assertErrorShape(res, path);
    assertNoInternals(res.text);
    assert.ok(logged.includes(err), `${path}: it is a server error, so the original should be passed to log()`);
  }
});

test('once the response has started, the error handler writes nothing and passes the error on', { timeout: 5000 }, async (t) => {
  const midway = new Error('the stream broke after the first row');
  const reachedFramework: unknown[] = [];
  // An error middleware after yours: it sees what your handler passes to next().
  const after: ErrorMiddleware = (err, _req, _res, next) => {
    reachedFramework.push(err);
    next(err);
  };
  const base = await start(t, compose([
    route('GET', '/report', ((_req, res, next) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write('id,total\n1,');
      next(midway);
    }) satisfies Middleware),
    errorHandler({ log: () => {} }),
    after,
  ]));

  let completed = true;
  try {
    await call(`${base}/report`);
  } catch {
    completed = false;
  }
  assert.equal(completed, false, 'the status was already sent, so the client must see a broken response (the framework cuts the connection), not a complete one');
  assert.deepEqual(reachedFramework, [midway],
    'the error handler should call next(err) with the same error when res.headersSent is true; writing a status or headers then throws ERR_HTTP_HEADERS_SENT instead');
});

test('client errors from anywhere in the chain share the same JSON shape', { timeout: 5000 }, async (t) => {
  const base = await start(t, createApp({ log: () => {} }));

  const unknown = await call(`${base}/no/such/route`);
  assert.equal(unknown.status, 404, 'an unknown route should give 404');
  assertErrorShape(unknown, 'an unknown route');
  assert.equal(unknown.json.error.code, 'NOT_FOUND');

  const malformed = await call(`${base}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"email": "ada@example.com",',
  });
  assert.equal(malformed.status, 400, 'a body that is not valid JSON should give 400');
  assertErrorShape(malformed, 'malformed JSON');
  assert.equal(malformed.json.error.code, 'BAD_REQUEST', "malformed JSON should have code 'BAD_REQUEST'");

  const invalid = await call(`${base}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Ada' }),
  });
  assert.equal(invalid.status, 400, 'a body that fails validation should give 400');
  assertErrorShape(invalid, 'a validation failure');

  // A tiny chain with a route of our own: a 4xx HttpError thrown anywhere gets the same treatment.
  const own = await start(t, compose([
    jsonBody(),
    route('GET', '/teapot', () => {
      throw new HttpError(418, 'No coffee here', { code: 'TEAPOT' });
    }),
    errorHandler({ log: () => {} }),
  ]));
  const teapot = await call(`${own}/teapot`);
  assert.equal(teapot.status, 418, 'a 4xx HttpError should keep its status');
  assertErrorShape(teapot, 'a 418 HttpError');
  assert.equal(teapot.json.error.code, 'TEAPOT', 'a 4xx HttpError should keep its code');
  assert.equal(teapot.json.error.message, 'No coffee here', 'a 4xx HttpError message is meant for the client and should be shown');
});
