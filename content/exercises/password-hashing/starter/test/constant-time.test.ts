/*
 * How the comparison is made cannot be seen in the result (true or false), only in its timing, and
 * timing is too noisy to test reliably. So this test watches the functions instead: it wraps
 * timingSafeEqual and scryptSync of node:crypto before your module is loaded (syncBuiltinESMExports
 * makes `import { timingSafeEqual } from 'node:crypto'` see the wrapper too) and records the calls.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';

interface Comparison {
  a: Buffer;
  b: Buffer;
  result: boolean;
}
const comparisons: Comparison[] = [];
let syncCalls = 0;
const { timingSafeEqual, scryptSync } = crypto;
const patchable = crypto as unknown as Record<'timingSafeEqual' | 'scryptSync', unknown>;
patchable.timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
  const result = timingSafeEqual(a, b);
  comparisons.push({ a: Buffer.from(a.buffer, a.byteOffset, a.byteLength), b: Buffer.from(b.buffer, b.byteOffset, b.byteLength), result });
  return result;
};
patchable.scryptSync = (...args: Parameters<typeof scryptSync>) => {
  syncCalls += 1;
  return scryptSync(...args);
};
syncBuiltinESMExports();
const { hashPassword, parseHash, verifyPassword } = await import('../src/passwords.ts');

test('a scrypt hash is compared with timingSafeEqual, for the right and the wrong password', { timeout: 5000 }, async () => {
  const stored = await hashPassword('open sesame');
  const storedHash = parseHash(stored)?.hash;
  assert.ok(storedHash, 'parseHash should read back a hash made by hashPassword');

  for (const [password, expected] of [['open sesame', true], ['open sesamE', false]] as const) {
    comparisons.length = 0;
    assert.equal(await verifyPassword(password, stored), expected, `verifyPassword(${JSON.stringify(password)}) should be ${expected}`);
    const compared: Comparison | undefined = comparisons.find((c) => c.a.equals(storedHash) || c.b.equals(storedHash));
    assert.ok(compared,
      'verifyPassword should compare the derived key with the stored hash using timingSafeEqual from node:crypto; ' +
      '=== and Buffer.equals stop at the first different byte, and that timing can be measured');
    assert.equal(compared.result, expected, 'the answer should be the result of timingSafeEqual');
  }
});

test('a legacy SHA-256 digest is compared with timingSafeEqual too', { timeout: 5000 }, async () => {
  const digest = crypto.createHash('sha256').update('hunter2').digest();
  for (const [password, expected] of [['hunter2', true], ['hunter3', false]] as const) {
    comparisons.length = 0;
    assert.equal(await verifyPassword(password, digest.toString('hex')), expected, `the legacy check of ${JSON.stringify(password)} should be ${expected}`);
    assert.ok(comparisons.some((c) => c.a.equals(digest) || c.b.equals(digest)),
      'the legacy digest should be compared as bytes with timingSafeEqual, not as hex strings with ===');
  }
});

test('hashing and verifying never block the event loop with scryptSync', { timeout: 5000 }, async () => {
  syncCalls = 0;
  const stored = await hashPassword('no blocking');
  await verifyPassword('no blocking', stored);
  assert.equal(syncCalls, 0,
    'scryptSync blocks the event loop (and every other request) for the whole computation: use the callback form of scrypt');
});
