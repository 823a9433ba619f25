import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRegistry } from '../src/registry.ts';
import { instrument } from '../src/instrument.ts';
import type { InstrumentOptions } from '../src/instrument.ts';
import { parseExposition, valueOf, bucketsOf, samplesNamed } from './helpers/exposition.ts';

/** A clock that moves only when the handler says so: durations are exact, whatever the machine's speed. */
function fakeClock() {
  const clock = { t: 50_000, now: () => clock.t };
  return clock;
}

/** Starts `instrument(handler, registry, options)` on a loopback port, closed after the test. */
async function start(t: TestContext, handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>, options: InstrumentOptions) {
  const registry = createRegistry();
  const server = http.createServer(instrument(handler, registry, options));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  const port = address.port;
  let sent = 0;

  const request = (method: string, path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      sent++;
      const req = http.request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  /**
   * Renders and parses the registry once every request sent so far has been recorded (a response is
   * recorded when it finishes on the server, which can be a moment after the client has it).
   */
  const scrape = async () => {
    let metrics = parseExposition(registry.render());
    for (let i = 0; i < 200; i++) {
      const recorded = samplesNamed(metrics, 'http_requests_total').reduce((sum, s) => sum + s.value, 0);
      if (recorded >= sent) break;
      await sleep(10);
      metrics = parseExposition(registry.render());
    }
    return metrics;
  };

  return { registry, request, scrape };
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
}

test('every request is counted by method, route template and status, and responses pass through untouched', { timeout: 20_000 }, async (t) => {
  const { request, scrape } = await start(
    t,
    (req, res) => {
      if (req.url === '/health') return send(res, 200, 'ok');
      if (req.url?.startsWith('/orders/')) return send(res, req.method === 'POST' ? 201 : 200, `order ${req.url.split('/')[2]}`);
      send(res, 404, 'not found');
    },
    { routes: ['/orders/:id', '/health'] },
  );

  const first = await request('GET', '/orders/1');
  assert.deepEqual(first, { status: 200, body: 'order 1' }, 'instrumentation must not change the response');
  await request('GET', '/orders/2');
  await request('GET', '/health');
  await request('POST', '/orders/3');
  const missing = await request('GET', '/nope');
  assert.equal(missing.status, 404, 'instrumentation must not change the status');

  const metrics = await scrape();
  assert.equal(metrics.families.get('http_requests_total')?.type, 'counter', 'instrument() should register http_requests_total as a counter');
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'GET', route: '/orders/:id', status: '200' }), 2, 'GET /orders/1 and /orders/2 are one series: the route TEMPLATE, not the raw path');
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'GET', route: '/health', status: '200' }), 1, 'GET /health should be counted once');
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'POST', route: '/orders/:id', status: '201' }), 1, 'the method and the status code are labels too');
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'GET', route: 'other', status: '404' }), 1, 'a path that matches no route should be counted with route="other"');
});

test('durations come from the injected clock and land in the right cumulative buckets', { timeout: 20_000 }, async (t) => {
  const clock = fakeClock();
  const { request, scrape } = await start(
    t,
    async (req, res) => {
      if (req.url === '/health') {
        clock.t += 3; // 3 ms
        return send(res, 200, 'ok');
      }
      clock.t += req.url === '/orders/1' ? 120 : 700; // a 120 ms query, then a 700 ms one
      send(res, 200, 'order');
    },
    { routes: ['/orders/:id', '/health'], now: clock.now },
  );

  await request('GET', '/orders/1');
  await request('GET', '/orders/2');
  await request('GET', '/health');

  const metrics = await scrape();
  assert.equal(metrics.families.get('http_request_duration_seconds')?.type, 'histogram', 'instrument() should register http_request_duration_seconds as a histogram');
  const orders = bucketsOf(metrics, 'http_request_duration_seconds', { method: 'GET', route: '/orders/:id' });
  assert.equal(orders.get(0.1), 0, 'neither order request took <= 100 ms');
  assert.equal(orders.get(0.25), 1, 'the 120 ms request belongs in le="0.25"; durations are in SECONDS, read from the injected clock');
  assert.equal(orders.get(0.5), 1, 'the 700 ms request is above 0.5 s');
  assert.equal(orders.get(1), 2, 'both requests are <= 1 s (buckets are cumulative)');
  assert.equal(orders.get(Infinity), 2, 'le="+Inf" counts both');
  const sum = valueOf(metrics, 'http_request_duration_seconds_sum', { method: 'GET', route: '/orders/:id' });
  assert.ok(sum !== undefined && Math.abs(sum - 0.82) < 1e-9, `_sum should be 0.12 + 0.7 = 0.82 seconds, got ${sum}`);
  assert.equal(valueOf(metrics, 'http_request_duration_seconds_count', { method: 'GET', route: '/orders/:id' }), 2, '_count should be 2');
  const health = bucketsOf(metrics, 'http_request_duration_seconds', { method: 'GET', route: '/health' });
  assert.equal(health.get(0.005), 1, 'the 3 ms health check belongs in the smallest default bucket, le="0.005"');
});

test('server errors are counted: a handler that throws, one that rejects, and an explicit 503', { timeout: 20_000 }, async (t) => {
  const { request, scrape } = await start(
    t,
    async (req, res) => {
      if (req.url === '/sync') throw new Error('bug in the handler');
      if (req.url === '/async') {
        await sleep(1);
        throw new Error('database went away');
      }
      if (req.url === '/maintenance') return send(res, 503, 'back soon');
      send(res, 200, 'ok');
    },
    { routes: ['/sync', '/async', '/maintenance', '/health'] },
  );

  assert.equal((await request('GET', '/sync')).status, 500, 'a handler that throws should produce a 500');
  assert.equal((await request('GET', '/async')).status, 500, 'a handler that rejects should produce a 500');
  assert.equal((await request('GET', '/maintenance')).status, 503, 'a 503 from the handler should reach the client');
  assert.equal((await request('GET', '/health')).status, 200, 'the server should keep serving after handler errors');

  const metrics = await scrape();
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'GET', route: '/sync', status: '500' }), 1, 'a thrown error must be counted as a 500: errors are the E in RED');
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'GET', route: '/async', status: '500' }), 1, 'a rejected promise must be counted as a 500');
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'GET', route: '/maintenance', status: '503' }), 1, 'an explicit 503 must be counted with its status');
  assert.equal(valueOf(metrics, 'http_request_duration_seconds_count', { method: 'GET', route: '/sync' }), 1, 'failed requests should be timed too: slow failures matter');
});

test('label values stay bounded: unknown paths become "other", unusual methods "OTHER", query strings are ignored', { timeout: 20_000 }, async (t) => {
  const { request, scrape } = await start(
    t,
    (req, res) => send(res, /^\/orders\/[^/?]+(\?|$)/.test(req.url ?? '') ? 200 : 404, 'body'),
    { routes: ['/orders/:id', '/health'] },
  );

  for (let i = 1; i <= 40; i++) await request('GET', `/orders/${i}?session=${i * 7919}`);
  for (let i = 1; i <= 20; i++) await request('GET', `/wp-admin/probe-${i}.php`);
  await request('GET', '/orders/1/2/3');
  await request('GET', '/orders/'); // `:id` needs a non-empty segment
  await request('GET', '/health?verbose=1');
  await request('PURGE', '/orders/1');

  const metrics = await scrape();
  const series = samplesNamed(metrics, 'http_requests_total');
  const routes = new Set(series.map((s) => s.labels.route));
  assert.deepEqual(
    [...routes].sort(),
    ['/health', '/orders/:id', 'other'],
    `route labels must only be route templates or "other", got ${[...routes].join(', ')}: every raw path would be a new time series`,
  );
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'GET', route: '/orders/:id', status: '200' }), 40, 'query strings are not part of the route: 40 order requests, one series');
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'GET', route: 'other', status: '404' }), 22, '20 scanner probes, a path with too many segments and /orders/ (an empty :id) should all be route="other"');
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'OTHER', route: '/orders/:id', status: '200' }), 1, 'a method outside the usual list (PURGE) should be labelled "OTHER"');
  assert.equal(valueOf(metrics, 'http_requests_total', { method: 'GET', route: '/health', status: '404' }), 1, '/health?verbose=1 is the /health route: the query string is removed before matching');
  assert.ok(series.length <= 4, `64 requests should make at most 4 series here, got ${series.length}`);
});

test('the route is the FIRST template that matches, in the order of the routes option', { timeout: 20_000 }, async (t) => {
  const { request, scrape } = await start(t, (_req, res) => send(res, 200, 'ok'), { routes: ['/orders/:id', '/orders/export'] });

  await request('GET', '/orders/export');
  const metrics = await scrape();
  assert.equal(
    valueOf(metrics, 'http_requests_total', { method: 'GET', route: '/orders/:id', status: '200' }),
    1,
    '/orders/export matches both templates; the first one listed (/orders/:id) should win, as in a router that tries routes in order',
  );
});
