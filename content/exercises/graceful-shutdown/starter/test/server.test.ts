import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer, shutdown } from '../src/server.ts';

// Timing: every limit below is generous (seconds, not milliseconds), so a busy machine does not fail a
// correct solution; the wrong ones miss them by a wide margin (they wait for a deadline or never finish).

/** Starts a server made by createServer() on a free loopback port and makes sure it is gone after the test. */
async function start(t: TestContext, handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  t.after(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    if (server.listening) server.close(() => resolve());
    else resolve();
  }));
  return { server, port: address.port };
}

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

function get(port: number, path: string, agent: http.Agent | false = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** A promise the test resolves by hand: lets a handler stay "in flight" exactly as long as we want. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise((resolve) => (open = () => resolve(undefined)));
  let markEntered: () => void = () => {};
  const entered = new Promise((resolve) => (markEntered = () => resolve(undefined)));
  return { open, opened, markEntered, entered };
}

/** A handler with a fast route and a /slow route that answers only when its gate opens. */
function appWithSlowRoute() {
  const slow = gate();
  const events: string[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (req.url === '/slow') {
      slow.markEntered();
      slow.opened.then(() => {
        res.on('finish', () => events.push('slow response finished'));
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('slow done');
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('fast');
  };
  return { handler, slow, events };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still pending'> {
  const timer = sleep(ms, 'still pending' as const, { ref: false });
  return Promise.race([promise, timer]);
}

async function untilNotListening(server: http.Server): Promise<void> {
  for (let i = 0; i < 500 && server.listening; i++) await sleep(10);
  assert.equal(server.listening, false, 'shutdown() should stop the listener (server.close()) right away when readinessDelayMs is 0');
}

test('an in-flight request still completes with 200 after shutdown starts', { timeout: 20_000 }, async (t) => {
  const { handler, slow } = appWithSlowRoute();
  const { server, port } = await start(t, handler);

  // Settle into a value right away, so a failure is reported by the assertion below.
  const pending = get(port, '/slow').catch((err: NodeJS.ErrnoException) => new Error(err.code ?? err.message));
  await slow.entered;
  const done = shutdown(server, { timeoutMs: 3000 });
  await sleep(20);
  slow.open();

  const reply = await pending;
  if (reply instanceof Error) {
    assert.fail(`the request that was in flight when shutdown began should complete, but it failed with ${reply.message}`);
  }
  assert.equal(reply.status, 200, 'the in-flight request should get its normal 200 response');
  assert.equal(reply.body, 'slow done', 'the in-flight request should get its full body');
  await done;
});

test('new connections are refused once shutdown has started', { timeout: 20_000 }, async (t) => {
  const { handler, slow } = appWithSlowRoute();
  const { server, port } = await start(t, handler);

  const pending = get(port, '/slow').catch(() => null);
  await slow.entered;
  const done = shutdown(server, { timeoutMs: 3000 });
  await untilNotListening(server);

  await assert.rejects(
    get(port, '/'),
    (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED',
    'a new connection made while draining should be refused (ECONNREFUSED), so the load balancer sends it elsewhere',
  );
  slow.open();
  await pending;
  await done;
});

test('keep-alive connections are closed, idle ones at once and busy ones after their response', { timeout: 20_000 }, async (t) => {
  const { handler, slow } = appWithSlowRoute();
  const { server, port } = await start(t, handler);
  server.keepAliveTimeout = 60_000; // an idle keep-alive socket would otherwise close itself after 5 s
  const idleAgent = new http.Agent({ keepAlive: true });
  const busyAgent = new http.Agent({ keepAlive: true });
  t.after(() => {
    idleAgent.destroy();
    busyAgent.destroy();
  });

  await get(port, '/', idleAgent); // leaves an idle keep-alive socket in idleAgent's pool
  const pending = get(port, '/slow', busyAgent).catch(() => null);
  await slow.entered;

  const done = shutdown(server, { timeoutMs: 12_000 });
  await sleep(20);
  slow.open();
  const reply = await pending;
  assert.equal(reply?.status, 200, 'the busy keep-alive connection should still get its response');

  const result = await within(done, 6000);
  assert.notEqual(
    result,
    'still pending',
    'shutdown should finish soon after the last response; keep-alive sockets (idle, or busy until their response ends) must be closed instead of waiting for the deadline',
  );
  assert.equal(result === 'still pending' ? undefined : result.forced, false, 'nothing should need forcing when every request finished in time');
});

test('/ready answers 200 while serving and 503 while draining, and traffic is still served during the readiness delay', { timeout: 20_000 }, async (t) => {
  const { handler } = appWithSlowRoute();
  const { server, port } = await start(t, handler);

  const before = await get(port, '/ready');
  assert.equal(before.status, 200, '/ready should answer 200 while the server is serving normally');

  const done = shutdown(server, { timeoutMs: 3000, readinessDelayMs: 3000 });
  const during = await get(port, '/ready').catch((err: NodeJS.ErrnoException) =>
    assert.fail(`during the readiness delay the server should still accept connections and answer /ready, but the request failed with ${err.code ?? err.message}`),
  );
  assert.equal(during.status, 503, '/ready should answer 503 as soon as shutdown starts, so the load balancer takes this instance out');
  const normal = await get(port, '/').catch((err: NodeJS.ErrnoException) =>
    assert.fail(`during the readiness delay ordinary requests should still be served, but the request failed with ${err.code ?? err.message}`),
  );
  assert.equal(normal.status, 200, 'during the readiness delay, ordinary requests that still arrive should be served, not dropped');

  const result = await done;
  assert.equal(result.forced, false, 'with no slow requests, shutdown should drain without forcing');
  assert.equal(server.listening, false, 'after shutdown resolves the listener should be closed');
});

test('onClose runs exactly once, after the last in-flight response, and shutdown waits for it', { timeout: 20_000 }, async (t) => {
  const { handler, slow, events } = appWithSlowRoute();
  const { server, port } = await start(t, handler);

  const pending = get(port, '/slow').catch(() => null);
  await slow.entered;

  const onClose = async () => {
    events.push('onClose started');
    await sleep(30); // like pool.end(): takes a moment
    events.push('onClose finished');
  };
  const first = shutdown(server, { timeoutMs: 3000, onClose });
  const second = shutdown(server, { timeoutMs: 3000, onClose }); // e.g. SIGINT after SIGTERM
  await sleep(30);
  assert.ok(!events.includes('onClose started'), 'onClose must not run while a request is still in flight (it would pull the database from under it)');
  slow.open();
  await pending;

  await Promise.all([first, second]);
  events.push('shutdown resolved');
  assert.deepEqual(
    events,
    ['slow response finished', 'onClose started', 'onClose finished', 'shutdown resolved'],
    'expected: the in-flight response finishes, then onClose runs once, and shutdown resolves only after onClose has finished',
  );
});

test('a request that never finishes is cut at the deadline, and resources are still released', { timeout: 20_000 }, async (t) => {
  const events: string[] = [];
  let entered = () => {};
  const hanging = new Promise((resolve) => (entered = () => resolve(undefined)));
  const { server, port } = await start(t, (req) => {
    if (req.url === '/hang') entered(); // never responds: a stuck upstream call, a lost await…
  });

  const pending = get(port, '/hang').then(
    () => 'completed',
    () => 'connection cut',
  );
  await hanging;

  const started = Date.now();
  const result = await within(shutdown(server, { timeoutMs: 300, onClose: () => void events.push('onClose') }), 6000);
  const elapsed = Date.now() - started;

  assert.notEqual(result, 'still pending', 'shutdown should give up waiting at timeoutMs (300 ms) and destroy the remaining connections');
  assert.equal(result === 'still pending' ? undefined : result.forced, true, 'the result should report forced: true when connections had to be destroyed');
  assert.ok(elapsed >= 250, `shutdown should wait for the deadline before forcing, but it returned after ${elapsed} ms`);
  assert.equal(await pending, 'connection cut', 'the hanging request should see its connection cut at the deadline');
  assert.deepEqual(events, ['onClose'], 'onClose should still run exactly once after a forced shutdown');
});
