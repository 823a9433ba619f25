import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '../src/app.ts';
import { InMemoryOrders, OrderNotFoundError } from '../src/orders.ts';
import type { NewOrder, Order, Orders } from '../src/orders.ts';

interface Reply {
  status: number;
  contentType: string;
  text: string;
  body: any;
}

/** Starts the app on a free loopback port and closes it (and every connection) when the test ends. */
async function start(t: TestContext, orders: Orders = new InMemoryOrders()) {
  const logged: unknown[] = [];
  const server = createServer(createApp({ orders, log: (err) => logged.push(err) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, logged, orders };
}

/** One real request. `body` is sent as JSON, or as is when it is a string. */
async function call(base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body: parsed };
}

/** Checks that a reply is a problem+json body of this type and status. */
function assertProblem(reply: Reply, status: number, type: string) {
  assert.equal(reply.status, status, `expected status ${status}, got ${reply.status}: ${reply.text.slice(0, 300)}`);
  assert.match(reply.contentType, /^application\/problem\+json/, `a ${status} should be sent as application/problem+json, not "${reply.contentType}"`);
  assert.ok(reply.body && typeof reply.body === 'object', `the body should be a JSON object: ${reply.text.slice(0, 300)}`);
  assert.equal(reply.body.type, type, 'the problem "type"');
  assert.equal(reply.body.status, status, 'the problem "status" should repeat the HTTP status');
  assert.equal(typeof reply.body.title, 'string', 'the problem has a "title"');
  assert.ok(reply.body.title.length > 0, 'the problem "title" is not empty');
}

/** Orders that delegate to an in-memory store, count create() calls, and let a test replace a method. */
function orders(overrides: Partial<Orders> = {}) {
  const real = new InMemoryOrders();
  const counts = { create: 0 };
  const store: Orders = {
    create: (input: NewOrder) => {
      counts.create += 1;
      return real.create(input);
    },
    get: (id) => real.get(id),
    cancel: (id) => real.cancel(id),
    list: () => real.list(),
    ...overrides,
  };
  return { store, counts, real };
}

const fieldsOf = (reply: Reply): string[] =>
  Array.isArray(reply.body?.errors) ? reply.body.errors.map((e: { field: string }) => e.field).sort() : [];

test('POST /orders answers 201 with the new order, and GET /orders/:id finds it', { timeout: 20_000 }, async (t) => {
  const { base, logged } = await start(t);
  const created = await call(base, 'POST', '/orders', { sku: 'BOOK-42', quantity: 3 });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.sku, 'BOOK-42');
  assert.equal(created.body.quantity, 3);
  assert.equal(created.body.state, 'placed');
  const found = await call(base, 'GET', `/orders/${created.body.id}`);
  assert.equal(found.status, 200, found.text);
  assert.deepEqual(found.body, created.body);
  assert.deepEqual(logged, [], 'nothing went wrong, so nothing is logged');
});

test('an invalid body gets one 400 problem listing every invalid field, and the order is not created', { timeout: 20_000 }, async (t) => {
  const { store, counts } = orders();
  const { base, logged } = await start(t, store);
  const cases: [unknown, string[]][] = [
    [{ sku: '', quantity: 0 }, ['quantity', 'sku']],
    [{ sku: 'PEN-1', quantity: 2.5 }, ['quantity']],
    [{ sku: 42, quantity: 101 }, ['quantity', 'sku']],
    [{ sku: '   ', quantity: 1 }, ['sku']],
    [{ sku: 'PEN-1', quantity: '3' }, ['quantity']],
    [[], ['quantity', 'sku']],
  ];
  for (const [body, fields] of cases) {
    const reply = await call(base, 'POST', '/orders', body);
    assertProblem(reply, 400, '/problems/validation');
    assert.deepEqual(fieldsOf(reply), fields, `body ${JSON.stringify(body)}: "errors" should name every invalid field, each once`);
    for (const e of reply.body.errors) assert.equal(typeof e.message, 'string', 'each entry of "errors" has a message');
  }
  assert.equal(counts.create, 0, 'the route handler must not run after validation answered 400 (no order may be created)');
  const ok = await call(base, 'POST', '/orders', { sku: 'PEN-1', quantity: 100 });
  assert.equal(ok.status, 201, `quantity 100 is allowed: ${ok.text}`);
  assert.deepEqual(logged, [], 'a 400 is the client\'s mistake: nothing is logged');
});

test('a POST with no body at all is a 400 naming both fields (Express 5 leaves req.body undefined)', { timeout: 20_000 }, async (t) => {
  const { store, counts } = orders();
  const { base, logged } = await start(t, store);
  const reply = await call(base, 'POST', '/orders');
  assertProblem(reply, 400, '/problems/validation');
  assert.deepEqual(fieldsOf(reply), ['quantity', 'sku']);
  assert.equal(counts.create, 0);
  assert.deepEqual(logged, []);
});

test('a body that is not valid JSON is a 400 invalid-json problem, not a 500', { timeout: 20_000 }, async (t) => {
  const { base, logged } = await start(t);
  const reply = await call(base, 'POST', '/orders', '{"sku": "BOOK-42", "quantity": ');
  assertProblem(reply, 400, '/problems/invalid-json');
  assert.deepEqual(logged, [], 'a malformed body is the client\'s mistake: nothing is logged');
});

test('an unknown order is a 404 problem: the rejected promise of an async handler reaches the error handler', { timeout: 20_000 }, async (t) => {
  const { base, logged } = await start(t);
  const reply = await call(base, 'GET', '/orders/o-404');
  assertProblem(reply, 404, '/problems/order-not-found');
  assert.match(String(reply.body.detail), /o-404/, 'a domain error\'s message is written for clients: send it as "detail"');
  const cancel = await call(base, 'POST', '/orders/o-405/cancel');
  assertProblem(cancel, 404, '/problems/order-not-found');
  assert.deepEqual(logged, [], 'a 404 is not an incident: nothing is logged');
});

test('cancelling a shipped order is a 409 problem; cancelling a placed one works', { timeout: 20_000 }, async (t) => {
  const real = new InMemoryOrders();
  const { base, logged } = await start(t, real);
  const shipped = await real.create({ sku: 'LAMP-7', quantity: 1 });
  await real.ship(shipped.id);
  const refused = await call(base, 'POST', `/orders/${shipped.id}/cancel`);
  assertProblem(refused, 409, '/problems/order-state');
  assert.match(String(refused.body.detail), new RegExp(shipped.id));
  const placed = await real.create({ sku: 'LAMP-7', quantity: 2 });
  const cancelled = await call(base, 'POST', `/orders/${placed.id}/cancel`);
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.body.state, 'cancelled');
  assert.deepEqual(logged, []);
});

test('an unknown route is a 404 problem, not Express\'s HTML page', { timeout: 20_000 }, async (t) => {
  const { base, logged } = await start(t);
  assertProblem(await call(base, 'GET', '/nothing-here'), 404, '/problems/route-not-found');
  assertProblem(await call(base, 'DELETE', '/orders/o-1'), 404, '/problems/route-not-found');
  assert.deepEqual(logged, []);
});

const SECRET = 'connect ECONNREFUSED 10.0.0.7:5432 (user=billing password=hunter2)';

test('an unexpected error is a 500 that reveals nothing about it, and it is logged once, as is', { timeout: 20_000 }, async (t) => {
  const failure = new Error(SECRET);
  const { store } = orders({ get: async () => { throw failure; } });
  const { base, logged } = await start(t, store);
  const reply = await call(base, 'GET', '/orders/o-1');
  assertProblem(reply, 500, '/problems/internal');
  assert.deepEqual(Object.keys(reply.body).sort(), ['status', 'title', 'type'], 'a 500 body has only type, title and status');
  for (const leak of ['ECONNREFUSED', 'hunter2', '10.0.0.7', 'app.ts', 'at ']) {
    assert.ok(!reply.text.includes(leak), `the 500 body must not reveal the error (found "${leak}")`);
  }
  assert.equal(logged.length, 1, 'each 500 is logged exactly once');
  assert.equal(logged[0], failure, 'log() receives the error object itself, so its stack reaches the logs');
});

test('a synchronous throw inside the storage call is a 500 too, logged once', { timeout: 20_000 }, async (t) => {
  const failure = new TypeError('Cannot read properties of undefined (reading \'pool\')');
  const { store } = orders({ create: () => { throw failure; } });
  const { base, logged } = await start(t, store);
  const reply = await call(base, 'POST', '/orders', { sku: 'BOOK-42', quantity: 1 });
  assertProblem(reply, 500, '/problems/internal');
  assert.ok(!reply.text.includes('pool'), 'the 500 body must not reveal the error');
  assert.deepEqual(logged, [failure]);
});

test('an error that carries its own status is not trusted: only domain errors choose a 4xx', { timeout: 20_000 }, async (t) => {
  // What an HTTP client library throws when the payment provider rejects OUR credentials.
  const upstream = Object.assign(new Error('Request failed with status code 401'), { status: 401, statusCode: 401, expose: true });
  // Looks like the domain's error but is not one of its instances.
  const lookalike = Object.assign(new Error('There is no order o-2.'), { name: 'OrderNotFoundError', status: 404 });
  const { store } = orders({
    get: async (id) => {
      if (id === 'o-1') throw upstream;
      if (id === 'o-2') throw lookalike;
      throw new OrderNotFoundError(id);
    },
  });
  const { base, logged } = await start(t, store);
  assertProblem(await call(base, 'GET', '/orders/o-1'), 500, '/problems/internal');
  assertProblem(await call(base, 'GET', '/orders/o-2'), 500, '/problems/internal');
  assertProblem(await call(base, 'GET', '/orders/o-3'), 404, '/problems/order-not-found');
  assert.deepEqual(logged, [upstream, lookalike], 'both 500s are logged, the 404 is not');
});

test('a failure after the response started cuts the connection instead of finishing the body', { timeout: 20_000 }, async (t) => {
  const first: Order = { id: 'o-1', sku: 'BOOK-42', quantity: 1, state: 'placed' };
  const { store } = orders({
    async *list() {
      yield first;
      await sleep(50); // the first line and the 200 status are on the wire by now
      throw new Error('cursor lost: the database connection was reset');
    },
  });
  const { base } = await start(t, store);
  let text: string | undefined;
  let status: number | undefined;
  try {
    const res = await fetch(`${base}/orders/export`, { signal: AbortSignal.timeout(10_000) });
    status = res.status;
    text = await res.text();
  } catch (err) {
    assert.notEqual((err as Error).name, 'TimeoutError', 'the response should be cut at once, not left hanging');
    return; // the client saw that the export failed: right
  }
  assert.fail(`the client received a complete-looking response (status ${status}, body ${JSON.stringify(text)}); once headers are sent, the error handler must not write or end the response but pass the error to next(err) so Express cuts the connection`);
});
