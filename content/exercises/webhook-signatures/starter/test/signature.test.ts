import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { sign, verify } from '../src/signature.ts';

const opts = { timeout: 5000 };
const SECRET = 'whsec_test_7f3a9c';
const T = 1_700_000_000; // a fixed unix time, in seconds
const nowAt = (sec: number) => () => sec * 1000; // verify() takes milliseconds
const BODY = '{"type":"invoice.paid","data":{"id":"in_123","amount":4200}}';

/**
 * Read "t=…,v1=…" into its parts, the way any receiver would.
 */
function parse(header: string) {
  const pairs = header.split(',').map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  });
  return {
    t: pairs.filter(([k]) => k === 't').map(([, v]) => v),
    v1: pairs.filter(([k]) => k === 'v1').map(([, v]) => v),
  };
}

test('sign() returns "t=<timestamp>,v1=<hex HMAC-SHA256 of `t.payload`>"', opts, () => {
  const header = sign(BODY, SECRET, T);
  assert.equal(typeof header, 'string', 'sign() should return the header as a string');
  const { t, v1 } = parse(header);
  assert.deepEqual(t, [String(T)], 'the header should carry exactly one t= with the given timestamp');
  assert.equal(v1.length, 1, 'the header should carry one v1= signature');
  const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
  assert.equal(v1[0], expected, 'v1 should be the hex HMAC-SHA256 of "<timestamp>.<payload>" with the secret as key');
  assert.equal(
    parse(sign(Buffer.from(BODY), SECRET, T)).v1[0],
    expected,
    'a Buffer payload with the same bytes should give the same signature',
  );
});

test('verify() accepts a fresh, correctly signed body (string or Buffer)', opts, () => {
  const header = sign(BODY, SECRET, T);
  const asString = verify(BODY, header, SECRET, { now: nowAt(T + 5) });
  assert.deepEqual(asString, { ok: true, timestamp: T }, 'a valid signature 5 s old should be accepted, with its timestamp');
  const asBuffer = verify(Buffer.from(BODY), header, SECRET, { now: nowAt(T + 5) });
  assert.equal(asBuffer.ok, true, 'verify() should accept the raw body as a Buffer too');
});

test('verify() rejects a tampered body, a wrong secret, a forged signature and a rewritten timestamp as "mismatch"', opts, () => {
  const header = sign(BODY, SECRET, T);
  const now = nowAt(T);
  const tampered = BODY.replace('4200', '1');
  assert.deepEqual(verify(tampered, header, SECRET, { now }), { ok: false, reason: 'mismatch' }, 'changing one byte of the body must break the signature');
  assert.deepEqual(verify(BODY, header, 'whsec_other', { now }), { ok: false, reason: 'mismatch' }, 'a signature made with another secret must be rejected');
  const forged = `t=${T},v1=${'0'.repeat(64)}`;
  assert.deepEqual(verify(BODY, forged, SECRET, { now }), { ok: false, reason: 'mismatch' }, 'a well-formed but wrong signature must be rejected');
  // Replay trick: keep an hour-old signature, put a fresh timestamp in front of it.
  const oldSig = parse(sign(BODY, SECRET, T - 3600)).v1[0];
  assert.deepEqual(
    verify(BODY, `t=${T},v1=${oldSig}`, SECRET, { now }),
    { ok: false, reason: 'mismatch' },
    'the timestamp is part of the signed message, so a fresh t= with an old v1= must not verify',
  );
});

test('verify() rejects a timestamp outside the tolerance, both old (replay) and in the future', opts, () => {
  const header = sign(BODY, SECRET, T);
  const toleranceSec = 300;
  assert.equal(verify(BODY, header, SECRET, { toleranceSec, now: nowAt(T + 300) }).ok, true, 'exactly toleranceSec old should still be accepted');
  assert.deepEqual(
    verify(BODY, header, SECRET, { toleranceSec, now: nowAt(T + 301) }),
    { ok: false, reason: 'stale' },
    'a delivery 301 s old with tolerance 300 is a possible replay and must be rejected as "stale"',
  );
  assert.deepEqual(
    verify(BODY, header, SECRET, { toleranceSec, now: nowAt(T - 301) }),
    { ok: false, reason: 'stale' },
    'a timestamp 301 s in the future must be rejected as "stale" too',
  );
  assert.equal(
    verify(BODY, header, SECRET, { now: nowAt(T + 299) }).ok,
    true,
    'the default tolerance should be 300 s',
  );
});

test('verify() reports malformed headers as "malformed" and never throws', opts, () => {
  const good = parse(sign(BODY, SECRET, T)).v1[0];
  const now = nowAt(T);
  const malformed = [undefined, '', 'garbage', `v1=${good}`, `t=${T}`, `t=abc,v1=${good}`, `t=,v1=${good}`, `t=${T},t=${T},v1=${good}`];
  for (const header of malformed) {
    let result: unknown;
    assert.doesNotThrow(() => {
      result = verify(BODY, header, SECRET, { now });
    }, `verify() must not throw on header ${JSON.stringify(header)}`);
    assert.deepEqual(result, { ok: false, reason: 'malformed' }, `header ${JSON.stringify(header)} should be reported as malformed`);
  }
  for (const header of [`t=${T},v1=abc`, `t=${T},v1=${good}00`, `t=${T},v1=${'z'.repeat(64)}`]) {
    let result: unknown;
    assert.doesNotThrow(() => {
      result = verify(BODY, header, SECRET, { now });
    }, `a v1 of the wrong length or alphabet must not crash verify() (timingSafeEqual throws on unequal lengths): ${header}`);
    assert.deepEqual(result, { ok: false, reason: 'mismatch' }, `a v1 that cannot be a signature should simply not match: ${header}`);
  }
});

test('during secret rotation, any one matching v1 value is enough', opts, () => {
  const OLD = 'whsec_old';
  const NEW = 'whsec_new';
  const oldSig = parse(sign(BODY, OLD, T)).v1[0];
  const newSig = parse(sign(BODY, NEW, T)).v1[0];
  const header = `t=${T},v1=${oldSig},v1=${newSig}`;
  const now = nowAt(T);
  assert.equal(verify(BODY, header, OLD, { now }).ok, true, 'a receiver still on the old secret should accept the delivery');
  assert.equal(verify(BODY, header, NEW, { now }).ok, true, 'a receiver already on the new secret should accept it too');
  assert.equal(verify(BODY, `t=${T},v0=whatever,v1=${newSig}`, NEW, { now }).ok, true, 'unknown schemes such as v0= should be ignored');
  assert.deepEqual(verify(BODY, header, 'whsec_unrelated', { now }), { ok: false, reason: 'mismatch' }, 'a secret matching neither v1 must be rejected');
});
