/*
 * Whether a comparison is constant-time does not show in its result, only in its timing, and timing
 * is too noisy to test reliably. So this test watches the function instead: it wraps timingSafeEqual
 * of node:crypto before your module is loaded (syncBuiltinESMExports makes
 * `import { timingSafeEqual } from 'node:crypto'` see the wrapper too) and records what it compares.
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
const { timingSafeEqual } = crypto;
(crypto as unknown as Record<'timingSafeEqual', unknown>).timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
  const result = timingSafeEqual(a, b);
  comparisons.push({ a: Buffer.from(a.buffer, a.byteOffset, a.byteLength), b: Buffer.from(b.buffer, b.byteOffset, b.byteLength), result });
  return result;
};
syncBuiltinESMExports();
const { verify } = await import('../src/signature.ts');

const SECRET = 'whsec_constant_time';
const T = 1_700_000_000;
const BODY = '{"type":"invoice.paid","amount":4200}';

test('verify() compares the signature with timingSafeEqual, whether it matches or not', { timeout: 5000 }, () => {
  const good = crypto.createHmac('sha256', SECRET).update(`${T}.`).update(BODY).digest();
  const wrong = Buffer.from(good);
  wrong[31] = (wrong[31] ?? 0) ^ 1; // differs only in the last byte
  for (const [signature, expected] of [[good, true], [wrong, false]] as const) {
    comparisons.length = 0;
    const result = verify(BODY, `t=${T},v1=${signature.toString('hex')}`, SECRET, { now: () => T * 1000 });
    assert.equal(result.ok, expected, `a ${expected ? 'correct' : 'wrong'} signature should give ok: ${expected}`);
    const compared = comparisons.find((c) => c.a.equals(signature) || c.b.equals(signature));
    assert.ok(compared,
      'verify() should decode the v1 value to bytes and compare it with the expected HMAC using timingSafeEqual from node:crypto; ' +
      '=== on hex strings stops at the first different character, and that timing can be measured');
    assert.equal(compared.result, expected, 'the answer should come from timingSafeEqual');
  }
});
