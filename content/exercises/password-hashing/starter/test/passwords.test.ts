import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { POLICY, hashPassword, needsRehash, parseHash, verifyPassword } from '../src/passwords.ts';

/** The documented layout: algorithm $ parameters $ salt $ hash. */
const LAYOUT = /^scrypt\$N=\d+,r=\d+,p=\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;

/** Hash once with the default policy and share it: scrypt is slow on purpose. */
const sharedHash = hashPassword('correct horse battery staple');

/**
 * Replaces part `index` of a `$`-separated stored hash.
 */
function tamper(stored: string, index: number, change: (part: string) => string) {
  const parts = stored.split('$');
  parts[index] = change(parts[index]);
  return parts.join('$');
}

/** Changes one base64 character to another valid one. */
function flipOneChar(b64: string) {
  const i = 5;
  return b64.slice(0, i) + (b64[i] === 'A' ? 'B' : 'A') + b64.slice(i + 1);
}

test('a hash is self-describing: algorithm, parameters, salt and hash', { timeout: 5000 }, async () => {
  const stored = await sharedHash;
  assert.match(stored, LAYOUT, `the stored value should look like scrypt$N=…,r=…,p=…$<salt b64>$<hash b64>, got ${stored}`);
  const parsed = parseHash(stored);
  assert.ok(parsed, 'parseHash should read back a hash made by hashPassword');
  assert.equal(parsed.algorithm, 'scrypt');
  assert.deepEqual({ N: parsed.N, r: parsed.r, p: parsed.p }, { ...POLICY }, 'new hashes should use the current POLICY parameters');
  assert.equal(parsed.salt.length, 16, 'the salt should be 16 random bytes');
  assert.equal(parsed.hash.length, 32, 'the hash should be 32 bytes');
  assert.ok(!stored.includes('correct horse'), 'the password itself must never appear in the stored value');
});

test('the same password hashed twice gives two different strings (random salt)', { timeout: 5000 }, async () => {
  const [a, b] = await Promise.all([hashPassword('hunter2'), hashPassword('hunter2')]);
  assert.notEqual(a, b, 'two users with the same password must not get the same stored value: use a fresh random salt each time');
  const [okA, okB] = await Promise.all([verifyPassword('hunter2', a), verifyPassword('hunter2', b)]);
  assert.equal(okA, true, 'the first hash should verify');
  assert.equal(okB, true, 'the second hash should verify');
});

test('verifyPassword accepts the right password and nothing else', { timeout: 5000 }, async () => {
  const stored = await sharedHash;
  const wrongs = ['Correct horse battery staple', 'correct horse battery staple ', 'correct horse battery', ''];
  const [right, ...others] = await Promise.all(
    ['correct horse battery staple', ...wrongs].map((candidate) => verifyPassword(candidate, stored)),
  );
  assert.equal(right, true, 'the right password should verify');
  wrongs.forEach((wrong, i) => {
    assert.equal(others[i], false, `${JSON.stringify(wrong)} is not the password and should not verify`);
  });
});

test('tampered or malformed stored values never verify, and never throw', { timeout: 5000 }, async () => {
  const stored = await sharedHash;
  const password = 'correct horse battery staple';
  const cases = {
    'one character of the hash changed': tamper(stored, 3, flipOneChar),
    'one character of the salt changed': tamper(stored, 2, flipOneChar),
    'N lowered in the parameters': tamper(stored, 1, (p) => p.replace(/N=\d+/, 'N=4096')),
    'the hash truncated': tamper(stored, 3, (h) => h.slice(0, -8)),
    'the hash missing': tamper(stored, 3, () => ''),
    'an empty string': '',
    'a different algorithm name': tamper(stored, 0, () => 'bcrypt'),
    'a parameter that is not a number': tamper(stored, 1, (p) => p.replace(/r=\d+/, 'r=eight')),
  };
  const results = await Promise.allSettled(Object.values(cases).map((value) => verifyPassword(password, value)));
  Object.keys(cases).forEach((what, i) => {
    const result = results[i];
    if (result.status === 'rejected') {
      assert.fail(`verifyPassword should resolve to false for ${what}, but it threw: ${result.reason}`);
    }
    assert.equal(result.value, false, `a stored value with ${what} should not verify`);
  });
});

test('the parameters are read from the stored string, not from the current policy', { timeout: 5000 }, async () => {
  const old = await hashPassword('s3cret!', { N: 1024, r: 8, p: 1 });
  const parsed = parseHash(old);
  assert.ok(parsed, 'parseHash should accept a hash made with other valid parameters');
  assert.deepEqual({ N: parsed.N, r: parsed.r, p: parsed.p }, { N: 1024, r: 8, p: 1 }, 'parseHash should report the stored parameters');
  assert.equal(await verifyPassword('s3cret!', old), true, 'a hash made with older, cheaper parameters should still verify: recompute with the stored N, r and p');
  assert.equal(await verifyPassword('s3cret?', old), false, 'and a wrong password should still fail against it');
});

test('Unicode passwords are normalised and work end to end', { timeout: 5000 }, async () => {
  const composed = 'caf\u00e9 ☕ пароль 🔐'; // é as one code point
  const decomposed = 'cafe\u0301 ☕ пароль 🔐'; // e + combining acute accent: looks identical
  const stored = await hashPassword(composed);
  const [same, combining, different] = await Promise.all([
    verifyPassword(composed, stored),
    verifyPassword(decomposed, stored),
    verifyPassword('cafe ☕ пароль 🔐', stored),
  ]);
  assert.equal(same, true, 'a non-ASCII password should verify');
  assert.equal(combining, true, 'the same text typed with a combining accent should verify too: normalise with NFC');
  assert.equal(different, false, 'a password without the accent is a different password');
  await assert.rejects(hashPassword(undefined as unknown as string), TypeError, 'hashing a missing password should be a TypeError, not a hash of "undefined"');
});

test('needsRehash flags weak and foreign hashes, and only those', { timeout: 5000 }, async () => {
  const current = await sharedHash;
  assert.equal(needsRehash(current), false, 'a hash made with the current policy is fine');

  const [weakN, weakR, stronger] = await Promise.all([
    hashPassword('pw', { N: 1024 }),
    hashPassword('pw', { r: 4 }),
    hashPassword('pw', { N: POLICY.N * 2 }),
  ]);
  assert.equal(needsRehash(weakN), true, 'N below the policy should be rehashed');
  assert.equal(needsRehash(weakR), true, 'r below the policy should be rehashed');
  assert.equal(needsRehash(stronger), false, 'parameters above the policy are not a reason to rehash');

  const foreign = {
    'an unsalted SHA-256 hex digest': createHash('sha256').update('pw').digest('hex'),
    'an MD5 hex digest': createHash('md5').update('pw').digest('hex'),
    'a bcrypt hash': '$2b$10$abcdefghijklmnopqrstuuK3l7QbZbWS5pSsV2bW6x0y1g7o0Zf2G',
    'garbage': 'not a hash at all',
  };
  for (const [what, value] of Object.entries(foreign)) {
    assert.equal(needsRehash(value), true, `${what} is not a current scrypt hash and should be rehashed`);
  }
});

test('legacy SHA-256 hashes still verify, so those users can log in and be upgraded', { timeout: 5000 }, async () => {
  const legacy = createHash('sha256').update('tr0ub4dor&3').digest('hex');
  assert.equal(await verifyPassword('tr0ub4dor&3', legacy), true, 'a user whose password was stored by the old code must still be able to log in');
  assert.equal(await verifyPassword('tr0ub4dor&4', legacy), false, 'a wrong password against a legacy hash should fail');
  assert.equal(needsRehash(legacy), true, 'and the legacy hash should be replaced after that login');
});

test('hostile parameters in a stored value are refused, not computed', { timeout: 5000 }, async () => {
  const stored = await sharedHash;
  const hostile = {
    'N = 2^30 (a terabyte of memory)': tamper(stored, 1, () => 'N=1073741824,r=8,p=1'),
    'N that is not a power of two': tamper(stored, 1, () => 'N=10000,r=8,p=1'),
    'N * r above the memory limit': tamper(stored, 1, () => 'N=1048576,r=8,p=1'),
  };
  for (const [what, value] of Object.entries(hostile)) {
    assert.equal(parseHash(value), null, `parseHash should refuse ${what}`);
    let result;
    try {
      result = await verifyPassword('correct horse battery staple', value);
    } catch (err) {
      assert.fail(`verifyPassword should resolve to false for ${what}, but it threw: ${err}`);
    }
    assert.equal(result, false, `a stored value with ${what} should not verify`);
  }
});
