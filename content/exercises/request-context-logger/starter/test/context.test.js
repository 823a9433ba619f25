// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../src/logger.js';
import { withRequestContext, getRequestId } from '../src/context.js';

const opts = { timeout: 5000 };

/** @type {string[]} every line written by the shared logger */
const lines = [];
// Created at module load, outside any request, like a real app's logger.
const rootLogger = createLogger({ write: (line) => lines.push(line), level: 'debug' });
const log = rootLogger.child({ component: 'http' });

/** @param {string} marker @returns {Array<Record<string, any>>} lines whose `marker` field equals it */
function linesFor(marker) {
  return lines.map((l) => JSON.parse(l)).filter((r) => r.marker === marker);
}

/**
 * Start a server whose handler is wrapped by withRequestContext.
 * @param {import('node:test').TestContext} t
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown} handler
 */
async function start(t, handler) {
  const server = createServer(withRequestContext(handler));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve(undefined));
  }));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return port;
}

/**
 * @param {number} port
 * @param {string} path
 * @param {Record<string, string>} [headers]
 * @param {string} [body]
 * @returns {Promise<{ status: number, requestId: string | undefined, body: string }>}
 */
function call(port, path, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        const id = res.headers['x-request-id'];
        resolve({ status: res.statusCode ?? 0, requestId: Array.isArray(id) ? id[0] : id, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('uses the incoming x-request-id, echoes it, and adds it to every log line of that request only', opts, async (t) => {
  const port = await start(t, (req, res) => {
    log.info('handling', { marker: 'incoming' });
    rootLogger.child({ step: 'inner' }).info('inner step', { marker: 'incoming' });
    res.end('ok');
  });
  const res = await call(port, '/orders', { 'x-request-id': 'req-abc-123' });

  assert.equal(res.status, 200);
  assert.equal(res.requestId, 'req-abc-123', 'the response should echo the caller\'s x-request-id');
  const records = linesFor('incoming');
  assert.equal(records.length, 2, 'both log calls should have written a line');
  for (const r of records) {
    assert.equal(r.requestId, 'req-abc-123', `every line logged while handling should carry requestId, got ${JSON.stringify(r)}`);
  }

  // Once the request is over, nothing of it may leak into unrelated work.
  assert.equal(getRequestId(), undefined, 'getRequestId() outside any request should be undefined');
  log.info('background task', { marker: 'outside' });
  const [outside] = linesFor('outside');
  assert.ok(outside, 'the logger should have written the background line');
  assert.equal('requestId' in outside, false, `a line logged outside a request should have no requestId, got ${outside.requestId}`);
});

test('generates an id when the request has none, or an unusable one', opts, async (t) => {
  const port = await start(t, (req, res) => {
    log.info('handling', { marker: `gen-${req.url}` });
    res.end();
  });

  const a = await call(port, '/a');
  const b = await call(port, '/b');
  assert.equal(typeof a.requestId, 'string', 'a request without x-request-id should still get one in the response');
  assert.ok((a.requestId ?? '').length > 0, 'the generated id should not be empty');
  assert.notEqual(a.requestId, b.requestId, 'two requests should get different ids');
  assert.equal(linesFor('gen-/a')[0]?.requestId, a.requestId, 'the log line should carry the same id as the response header');

  const tooLong = 'x'.repeat(500);
  const weird = 'id with spaces <script>';
  const c = await call(port, '/c', { 'x-request-id': tooLong });
  const d = await call(port, '/d', { 'x-request-id': weird });
  assert.ok(c.requestId && c.requestId !== tooLong, 'a 500-character id is untrusted input: replace it with a generated one');
  assert.ok(d.requestId && d.requestId !== weird, 'an id with spaces or markup is untrusted input: replace it with a generated one');
});

test('the id survives awaits, timers, setImmediate and reading the body', opts, async (t) => {
  const port = await start(t, async (req, res) => {
    log.info('start', { marker: 'async' });
    /** @type {Buffer[]} */
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    log.info('body read', { marker: 'async', bytes: Buffer.concat(chunks).length });
    await sleep(15);
    log.info('after await', { marker: 'async' });
    await new Promise((resolve) => setTimeout(() => {
      log.info('inside a setTimeout callback', { marker: 'async' });
      resolve(undefined);
    }, 5));
    await new Promise((resolve) => setImmediate(() => {
      log.debug('inside setImmediate', { marker: 'async' });
      resolve(undefined);
    }));
    await Promise.resolve().then(() => log.info('in a promise chain', { marker: 'async' }));
    res.end('done');
  });

  const res = await call(port, '/upload', { 'x-request-id': 'async-42' }, 'some body');
  assert.equal(res.status, 200);
  const records = linesFor('async');
  assert.equal(records.length, 6, `all six log calls should have written a line, got ${records.length}`);
  for (const r of records) {
    assert.equal(r.requestId, 'async-42', `the line "${r.msg}" lost the request id (got ${r.requestId})`);
  }
});

test('concurrent requests never mix their ids', opts, async (t) => {
  const port = await start(t, async (req, res) => {
    const n = Number(req.url?.slice(1));
    log.info('begin', { marker: 'concurrent', n });
    // Finish in the reverse order of arrival, so the requests interleave.
    await sleep((10 - n) * 4);
    log.info('middle', { marker: 'concurrent', n });
    await sleep(n * 3);
    log.info('end', { marker: 'concurrent', n });
    res.end(String(getRequestId()));
  });

  const responses = await Promise.all(
    Array.from({ length: 10 }, (_, n) => call(port, `/${n}`, { 'x-request-id': `conc-${n}` })),
  );

  responses.forEach((res, n) => {
    assert.equal(res.requestId, `conc-${n}`, `request ${n} should get its own id back in the header`);
    assert.equal(res.body, `conc-${n}`, `getRequestId() inside request ${n} should return its own id`);
  });
  const records = linesFor('concurrent');
  assert.equal(records.length, 30, 'ten requests × three lines each');
  for (const r of records) {
    assert.equal(r.requestId, `conc-${r.n}`, `a line of request ${r.n} carried the id of another request: ${r.requestId}`);
  }
});
