import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createTokenBucketLimiter } from '../src/token-bucket.ts';
import { withRateLimit } from '../src/with-rate-limit.ts';
import type { TestContext } from 'node:test';
import type { AddressInfo } from 'node:net';

/**
 * Starts a rate-limited server whose clients are told apart by the X-Api-Key header
 * (every test request comes from 127.0.0.1).
 */
async function start(t: TestContext, config: { capacity: number; refillPerSecond: number }) {
  const clock = { t: 5_000_000, now: () => clock.t };
  const limiter = createTokenBucketLimiter({ ...config, now: clock.now });
  const handled = { count: 0 };
  const server = http.createServer(
    withRateLimit(
      limiter,
      (_req, res) => {
        handled.count++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true }));
      },
      { keyFor: (req) => String(req.headers['x-api-key'] ?? 'anonymous') },
    ),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve(undefined)));
  });
  const { port } = server.address() as AddressInfo;
  const get = async (key: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-api-key': key }, signal: AbortSignal.timeout(2000) });
    const text = await res.text();
    return { status: res.status, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type') ?? '', text };
  };
  return { clock, handled, get };
}

test('over the limit: 429 with Retry-After in whole seconds, rounded up', { timeout: 5000 }, async (t) => {
  const { clock, handled, get } = await start(t, { capacity: 3, refillPerSecond: 0.5 }); // 1 token per 2 s

  for (let i = 1; i <= 3; i++) {
    const res = await get('key-a');
    assert.equal(res.status, 200, `request ${i} of 3 (the capacity) should be allowed, got ${res.status}`);
  }
  const limited = await get('key-a');
  assert.equal(limited.status, 429, `the 4th request at the same instant should be rejected with 429, got ${limited.status}`);
  assert.equal(handled.count, 3, 'a rejected request must not reach the handler');
  assert.match(limited.retryAfter ?? '', /^\d+$/, `Retry-After should be a whole number of seconds, got ${JSON.stringify(limited.retryAfter)}`);
  assert.equal(limited.retryAfter, '2', 'the next token arrives in 2 s, so Retry-After should be 2');
  assert.match(limited.type, /^application\/json/, 'the 429 body should be JSON, like the rest of the API');

  clock.t += 500;
  assert.equal((await get('key-a')).retryAfter, '2', '1.5 s left should be announced as 2 (round up, or the client retries too early)');
  clock.t += 1_400;
  assert.equal((await get('key-a')).retryAfter, '1', '0.1 s left should be announced as 1, never 0');

  clock.t += 1_000;
  const again = await get('key-a');
  assert.equal(again.status, 200, `after waiting the announced Retry-After, the request should be allowed, got ${again.status}`);
  assert.equal(handled.count, 4);
});

test('clients are limited independently', { timeout: 5000 }, async (t) => {
  const { handled, get } = await start(t, { capacity: 2, refillPerSecond: 1 });
  await get('noisy');
  await get('noisy');
  assert.equal((await get('noisy')).status, 429, 'the noisy client is over its limit');
  assert.equal((await get('quiet')).status, 200, "another client's requests should not be affected by the noisy one");
  assert.equal(handled.count, 3, 'two noisy requests and one quiet request should have reached the handler');
});
