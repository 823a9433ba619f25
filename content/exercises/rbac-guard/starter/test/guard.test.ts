import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from '../src/server.ts';
import type { Article } from '../src/server.ts';

const articles = new Map<string, Article>();
const sessions = new Map([
  ['tok-admin', { id: 'u-admin', roles: ['admin'] }],
  ['tok-editor', { id: 'u-ed', roles: ['editor'] }],
  ['tok-ann', { id: 'u-ann', roles: ['author'] }],
  ['tok-viewer', { id: 'u-vic', roles: ['viewer'] }],
]);

let server: Server;
let base = '';

before(async () => {
  server = createServer({ articles, sessions });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address() as AddressInfo;
  base = `http://127.0.0.1:${address.port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(() => resolve(undefined)));
});

function resetArticles(): void {
  articles.clear();
  articles.set('a-1', { id: 'a-1', title: 'Ann draft', authorId: 'u-ann', status: 'draft' });
  articles.set('a-2', { id: 'a-2', title: 'Ann published', authorId: 'u-ann', status: 'published' });
  articles.set('a-3', { id: 'a-3', title: 'Bob draft', authorId: 'u-bob', status: 'draft' });
}

interface CallOptions { token?: string; authorization?: string; body?: unknown }

async function call(method: string, path: string, { token, authorization, body }: CallOptions = {}) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(2000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

/** An error answer is a small JSON object such as { "error": "forbidden" }. */
function assertJsonError(res: { status: number, headers: Headers, text: string }, what: string): void {
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${what}: the ${res.status} should be JSON (use sendJson), got content-type ${res.headers.get('content-type')}`);
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    assert.fail(`${what}: the ${res.status} body should be JSON such as {"error":"forbidden"}, got ${JSON.stringify(res.text)}`);
  }
  assert.equal(typeof (body as { error?: unknown } | null)?.error, 'string', `${what}: the ${res.status} body should be an object with an "error" string, got ${res.text}`);
}

test('requests without a valid identity get 401 and a WWW-Authenticate header', { timeout: 5000 }, async () => {
  resetArticles();
  const cases: Record<string, CallOptions> = {
    'no Authorization header': {},
    'an unknown token': { token: 'tok-stolen-and-expired' },
    'a Basic credential': { authorization: 'Basic YWRtaW46YWRtaW4=' },
  };
  for (const [what, options] of Object.entries(cases)) {
    const res = await call('GET', '/articles/a-1', options);
    assert.equal(res.status, 401, `${what} should give 401 (we do not know who you are), got ${res.status}`);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/i, `a 401 should say how to authenticate: WWW-Authenticate: Bearer (${what})`);
    assertJsonError(res, what);
  }
  const del = await call('DELETE', '/articles/a-1');
  assert.equal(del.status, 401, 'an anonymous DELETE should give 401');
  assert.ok(articles.has('a-1'), 'an anonymous DELETE must not delete anything');
});

test('an identified user without the permission gets 403, and the handler does not run', { timeout: 5000 }, async () => {
  resetArticles();
  const asEditor = await call('DELETE', '/articles/a-3', { token: 'tok-editor' });
  assert.equal(asEditor.status, 403, `an editor deleting should give 403 (known user, not allowed), got ${asEditor.status}`);
  assertJsonError(asEditor, 'an editor deleting');
  assert.equal(asEditor.headers.get('www-authenticate'), null, 'a 403 is not a request to log in: it should not carry WWW-Authenticate');
  assert.ok(articles.has('a-3'), 'the article must still exist after a refused DELETE: the handler should never have run');

  const asViewer = await call('POST', '/articles', { token: 'tok-viewer', body: { title: 'Hi' } });
  assert.equal(asViewer.status, 403, `a viewer creating an article should give 403, got ${asViewer.status}`);
  assert.equal(articles.size, 3, 'no article should have been created');
});

test('the guard checks in order: 401, then 404, then 403', { timeout: 5000 }, async () => {
  resetArticles();
  const anonymousMissing = await call('DELETE', '/articles/a-404');
  assert.equal(anonymousMissing.status, 401, `an anonymous request is answered 401 before the article is even looked up, got ${anonymousMissing.status}`);

  const viewerMissing = await call('DELETE', '/articles/a-404', { token: 'tok-viewer' });
  assert.equal(viewerMissing.status, 404, `a missing article is answered 404 before the permission is checked (README order), got ${viewerMissing.status}`);
  assertJsonError(viewerMissing, 'a missing article');
});

test('permitted requests reach the handler', { timeout: 5000 }, async () => {
  resetArticles();
  const read = await call('GET', '/articles/a-2', { token: 'tok-viewer' });
  assert.equal(read.status, 200, `a viewer reading should get 200, got ${read.status}: ${read.text}`);
  assert.equal(JSON.parse(read.text).title, 'Ann published');

  const created = await call('POST', '/articles', { token: 'tok-ann', body: { title: 'New' } });
  assert.equal(created.status, 201, `an author creating an article should get 201, got ${created.status}`);

  const deleted = await call('DELETE', '/articles/a-3', { token: 'tok-admin' });
  assert.equal(deleted.status, 204, `an admin deleting should get 204, got ${deleted.status}`);
  assert.ok(!articles.has('a-3'), 'the article should be gone');

  const missing = await call('GET', '/articles/a-404', { token: 'tok-viewer' });
  assert.equal(missing.status, 404, `an article that does not exist should give 404, got ${missing.status}`);
});

test('over HTTP too, authors may edit only their own drafts', { timeout: 5000 }, async () => {
  resetArticles();
  const own = await call('PUT', '/articles/a-1', { token: 'tok-ann', body: { title: 'Ann draft v2' } });
  assert.equal(own.status, 200, `Ann updating her own draft should get 200, got ${own.status}: ${own.text}`);
  assert.equal(articles.get('a-1')?.title, 'Ann draft v2', 'the draft should be updated');

  const published = await call('PUT', '/articles/a-2', { token: 'tok-ann', body: { title: 'sneaky edit' } });
  assert.equal(published.status, 403, `Ann updating her published article should get 403, got ${published.status}`);
  const others = await call('PUT', '/articles/a-3', { token: 'tok-ann', body: { title: 'sneaky edit' } });
  assert.equal(others.status, 403, `Ann updating Bob's draft should get 403, got ${others.status}`);
  assert.equal(articles.get('a-2')?.title, 'Ann published', 'a refused update must not change the article');
  assert.equal(articles.get('a-3')?.title, 'Bob draft', 'a refused update must not change the article');

  const editor = await call('PUT', '/articles/a-3', { token: 'tok-editor', body: { title: 'Edited' } });
  assert.equal(editor.status, 200, `an editor may update any article, got ${editor.status}`);
});
