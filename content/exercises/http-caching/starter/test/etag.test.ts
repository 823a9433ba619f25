import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { TestContext } from 'node:test';
import { withETag } from '../src/etag.ts';
import type { ETagOptions, Handler, Reply } from '../src/etag.ts';

/** The product API the tests talk to. `state.price` lets a test change a product "in the database". */
function productApi() {
  const state = { price: 1999, calls: 0 };
  const handler: Handler = (req): Reply => {
    state.calls++;
    if (req.method === 'POST' && req.url === '/products') {
      return { status: 201, headers: { 'content-type': 'application/json' }, body: '{"id":43}' };
    }
    if (req.method === 'PUT' && req.url === '/products/42') {
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"updated":true}' };
    }
    if (req.url === '/products/42') {
      return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 42, name: 'Kettle', price: state.price }) };
    }
    if (req.url === '/me') {
      return { headers: { 'content-type': 'application/json', 'cache-control': 'private, no-store' }, body: '{"user":"ada"}' };
    }
    if (req.url === '/boom') {
      return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'something broke' };
    }
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no such page' };
  };
  return { handler, state };
}

/** Starts the API behind withETag() on a free loopback port, closed after the test. */
async function start(t: TestContext, options?: ETagOptions) {
  const api = productApi();
  const server = http.createServer(withETag(api.handler, options));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  const port = address.port;

  const request = (method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; }> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });

  return { request, state: api.state };
}

/** The ETag of a response, failing the test clearly when there is none. */
function etagOf(res: { headers: http.IncomingHttpHeaders; }) {
  const etag = res.headers.etag;
  assert.ok(etag, 'a 200 response to GET should carry an ETag header for the client to revalidate with');
  return etag;
}

test('a 200 GET carries a strong ETag that changes exactly when the body changes', { timeout: 5000 }, async (t) => {
  const { request, state } = await start(t);

  const first = await request('GET', '/products/42');
  assert.equal(first.status, 200, 'a plain GET should get the normal 200');
  assert.equal(first.body, '{"id":42,"name":"Kettle","price":1999}', 'the body should be passed through untouched');
  const etag = first.headers.etag;
  assert.ok(etag, 'a 200 response to GET should have an ETag header');
  assert.match(etag, /^"[^"]+"$/, `the ETag should be a strong validator: an opaque value in double quotes, without W/ (got ${etag})`);

  const second = await request('GET', '/products/42');
  assert.equal(second.headers.etag, etag, 'the same body should always get the same ETag, or clients can never revalidate');

  state.price = 2499;
  const changed = await request('GET', '/products/42');
  assert.ok(changed.headers.etag, 'the changed response should have an ETag too');
  assert.notEqual(changed.headers.etag, etag, 'when the body changes the ETag must change, or clients keep a stale copy');
});

test('Cache-Control comes from the option (default no-cache), unless the handler set its own', { timeout: 5000 }, async (t) => {
  const plain = await start(t);
  const byDefault = await plain.request('GET', '/products/42');
  assert.equal(byDefault.headers['cache-control'], 'no-cache', 'without options, cacheable responses should say Cache-Control: no-cache (store, but revalidate every time)');

  const cdn = await start(t, { cacheControl: 'public, max-age=60' });
  const configured = await cdn.request('GET', '/products/42');
  assert.equal(configured.headers['cache-control'], 'public, max-age=60', 'the cacheControl option should be sent as the Cache-Control header');

  const personal = await cdn.request('GET', '/me');
  assert.equal(
    personal.headers['cache-control'],
    'private, no-store',
    'a Cache-Control set by the handler must win: overriding "private" with "public" would let a CDN serve one user\'s page to everyone',
  );
});

test('If-None-Match with the current ETag gets 304 Not Modified, with no body but with the validators', { timeout: 5000 }, async (t) => {
  const { request } = await start(t, { cacheControl: 'public, max-age=60' });
  const first = await request('GET', '/products/42');
  const etag = etagOf(first);

  const revalidated = await request('GET', '/products/42', { 'if-none-match': etag });
  assert.equal(revalidated.status, 304, 'the client already has this exact version: answer 304 Not Modified');
  assert.equal(revalidated.body, '', 'a 304 must not carry a body: saving those bytes is the whole point');
  assert.equal(revalidated.headers.etag, etag, 'a 304 should still send the ETag, so the client knows which version it may keep using');
  assert.equal(revalidated.headers['cache-control'], 'public, max-age=60', 'a 304 should still send Cache-Control, which refreshes the client\'s copy');
});

test('a stale If-None-Match gets the full, new 200 response', { timeout: 5000 }, async (t) => {
  const { request, state } = await start(t);
  const old = await request('GET', '/products/42');
  state.price = 2499;

  const fresh = await request('GET', '/products/42', { 'if-none-match': etagOf(old) });
  assert.equal(fresh.status, 200, 'the product changed, so the client\'s ETag no longer matches: answer 200');
  assert.equal(fresh.body, '{"id":42,"name":"Kettle","price":2499}', 'the 200 should carry the new body');
  assert.notEqual(fresh.headers.etag, old.headers.etag, 'the 200 should carry the new ETag, not the old one');
});

test('If-None-Match lists, weak tags (W/) and * are understood', { timeout: 5000 }, async (t) => {
  const { request } = await start(t);
  const etag = etagOf(await request('GET', '/products/42'));

  const cases: Array<[string, number, string]> = [
    [`"old-1", ${etag}, "old-2"`, 304, 'a list of ETags matches if any one of them matches'],
    [`"old-1",${etag}`, 304, 'list items may come without a space after the comma'],
    [`W/${etag}`, 304, 'If-None-Match uses weak comparison: W/"x" matches "x" (browsers and CDNs send weak tags back)'],
    ['*', 304, '* matches any current version of the resource'],
    ['"old-1", "old-2"', 200, 'a list where nothing matches should get the full 200'],
    ['W/"old-1"', 200, 'a weak tag for another version should not match'],
  ];
  for (const [header, expected, why] of cases) {
    const res = await request('GET', '/products/42', { 'if-none-match': header });
    assert.equal(res.status, expected, `If-None-Match: ${header} should give ${expected}: ${why}`);
  }
});

test('HEAD gets the same ETag as GET and no body, and a 304 when it matches', { timeout: 5000 }, async (t) => {
  const { request } = await start(t);
  const get = await request('GET', '/products/42');

  const head = await request('HEAD', '/products/42');
  assert.equal(head.status, 200, 'HEAD should answer like GET');
  assert.equal(head.body, '', 'HEAD responses have no body');
  assert.equal(head.headers.etag, get.headers.etag, 'HEAD should carry the same ETag as GET for the same resource');

  const conditional = await request('HEAD', '/products/42', { 'if-none-match': etagOf(get) });
  assert.equal(conditional.status, 304, 'a conditional HEAD whose ETag matches should get 304 too');
});

test('POST and PUT are never answered with 304: they are processed and answered normally', { timeout: 5000 }, async (t) => {
  const { request, state } = await start(t);
  const etag = etagOf(await request('GET', '/products/42'));
  const before = state.calls;

  const created = await request('POST', '/products', { 'if-none-match': '*' });
  assert.equal(created.status, 201, 'If-None-Match on a POST must not turn it into a 304: the order/product must be created and the client told so');
  assert.equal(created.body, '{"id":43}', 'the POST response body should reach the client');

  const updated = await request('PUT', '/products/42', { 'if-none-match': etag });
  assert.equal(updated.status, 200, 'a PUT should get the handler\'s status, never 304');
  assert.equal(updated.body, '{"updated":true}', 'the PUT response body should reach the client');
  assert.equal(state.calls - before, 2, 'both requests should have reached the handler');
});

test('error responses are never 304 and carry no ETag', { timeout: 5000 }, async (t) => {
  const { request } = await start(t);

  const missing = await request('GET', '/nope', { 'if-none-match': '*' });
  assert.equal(missing.status, 404, 'a 404 must stay a 404 even with If-None-Match: * (there is no current version to match)');
  assert.equal(missing.body, 'no such page', 'the 404 body should reach the client');
  assert.equal(missing.headers.etag, undefined, 'an error response should not get an ETag: it is not a version of the resource');

  const broken = await request('GET', '/boom', { 'if-none-match': '*' });
  assert.equal(broken.status, 500, 'a 500 must stay a 500');
  assert.equal(broken.headers.etag, undefined, 'a 500 should not get an ETag: a cache must never revalidate into an error page');
});
