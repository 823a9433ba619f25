import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../src/logger.ts';
import { withRequestContext, getRequestId } from '../src/context.ts';

const opts = { timeout: 15_000 };

/** every line written by the shared logger */
const lines: string[] = [];
// Created at module load, outside any request, like a real app's logger.
const rootLogger = createLogger({ write: (line) => lines.push(line), level: 'debug' });
const log = rootLogger.child({ component: 'http' });

/** The lines whose `marker` field equals `marker`. */
function linesFor(marker: string): Array<Record<string, any>> {
  return lines.map((l) => JSON.parse(l)).filter((r) => r.marker === marker);
}

/** Starts a server whose handler is wrapped by withRequestContext; it is closed after the test. */
async function start(t: TestContext, handler: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<number> {
  const server = createServer(withRequestContext(handler));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve(undefined));
  }));
  const { port } = server.address() as AddressInfo;
  return port;
}

/**
 * Sends one request. A server that never answers counts as status 0 after 5 s (generous, so a loaded
 * machine does not matter), instead of hanging the test.
 */
function call(port: number, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; requestId: string | undefined; body: string }> {
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
    req.setTimeout(5000, () => {
      req.destroy();
      resolve({ status: 0, requestId: undefined, body: 'no answer within 5 s' });
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
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
  const outside = linesFor('outside')[0];
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
  const longest = `trace.${'a'.repeat(116)}:x_-9`; // 128 characters, all allowed
  assert.equal((await call(port, '/e', { 'x-request-id': longest })).requestId, longest, 'a 128-character id made of allowed characters is sane: keep it');
});

test('the id survives awaits, timers, setImmediate and reading the body', opts, async (t) => {
  const port = await start(t, async (req, res) => {
    log.info('start', { marker: 'async' });
    const chunks: Buffer[] = [];
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

test('a handler that throws or rejects gets a 500 with the request id, and the server keeps serving', opts, async (t) => {
  const port = await start(t, async (req, res) => {
    if (req.url === '/throws') throw new Error('bug in the handler');
    if (req.url === '/rejects') {
      await sleep(1);
      throw new Error('database went away');
    }
    res.end('fine');
  });

  const thrown = await call(port, '/throws', { 'x-request-id': 'err-1' });
  assert.equal(thrown.status, 500, 'a handler that throws should produce a 500, not a crash or a hanging request');
  assert.equal(thrown.requestId, 'err-1', 'the 500 should still carry x-request-id, so the user can quote it to support');
  const rejected = await call(port, '/rejects', { 'x-request-id': 'err-2' });
  assert.equal(rejected.status, 500, 'a handler whose promise rejects should produce a 500 too');
  assert.equal((await call(port, '/ok')).status, 200, 'the server should keep serving after handler errors');
});
