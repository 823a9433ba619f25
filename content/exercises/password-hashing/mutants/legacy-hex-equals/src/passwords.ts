// mutant: compares legacy SHA-256 digests as hex strings with ===. Breaks rule 6: "still verifies, compared in
// constant time".
/**
 * Password storage with scrypt, in a self-describing format:
 *
 *   scrypt$N=8192,r=8,p=1$<salt base64>$<hash base64>
 *
 * The string carries everything needed to verify it later, so the policy can get stronger over
 * time without breaking the hashes already stored.
 */

import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** The cost parameters new hashes must use. needsRehash compares stored hashes against these. */
export const POLICY = Object.freeze({ N: 2 ** 13, r: 8, p: 1 });

/** Every hash is 32 bytes and every salt 16 bytes. These are fixed by the format. */
export const KEY_LENGTH = 32;
export const SALT_LENGTH = 16;

/** Stored strings asking for more memory than this are refused, not computed. */
export const MAX_MEMORY_BYTES = 256 * 1024 * 1024;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface ParsedHash extends ScryptParams {
  algorithm: 'scrypt';
  salt: Buffer;
  hash: Buffer;
}

const BASE64 = '[A-Za-z0-9+/]+={0,2}';
const FORMAT = new RegExp(`^scrypt\\$N=(\\d{1,10}),r=(\\d{1,3}),p=(\\d{1,3})\\$(${BASE64})\\$(${BASE64})$`);
const LEGACY_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Hashes a password for storage.
 * `params` overrides the policy (tests and migrations use this).
 * @returns `scrypt$N=<N>,r=<r>,p=<p>$<salt base64>$<hash base64>`
 */
export async function hashPassword(password: string, params: Partial<ScryptParams> = {}): Promise<string> {
  // Hashing `String(undefined)` would quietly give every such user the password "undefined".
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  const chosen = { ...POLICY, ...params };
  if (!paramsAreAcceptable(chosen)) throw new RangeError(`unacceptable scrypt parameters ${JSON.stringify(chosen)}`);

  // A fresh random salt per password: equal passwords get different hashes, and an attacker
  // must attack each hash separately instead of the whole table at once.
  const salt = randomBytes(SALT_LENGTH);
  const hash = await deriveKey(normalize(password), salt, chosen);
  return `scrypt$N=${chosen.N},r=${chosen.r},p=${chosen.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Checks a password against a stored hash (the scrypt format, or a legacy SHA-256 hex digest).
 * Resolves to false, never rejects, for a wrong password or a malformed/tampered stored value.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (typeof password !== 'string' || typeof stored !== 'string') return false;

  if (LEGACY_SHA256.test(stored)) {
    // The old code hashed the raw string, so we must too. Compare digests in constant time:
    // `===` stops at the first differing character, and that timing can leak the hash.
    const digest = createHash('sha256').update(password).digest();
    return digest.toString('hex') === stored.toLowerCase();
  }

  const parsed = parseHash(stored);
  if (!parsed) return false;
  try {
    // Use the parameters and salt stored with the hash, not today's policy: that is what lets
    // old hashes keep working after the policy changes.
    const candidate = await deriveKey(normalize(password), parsed.salt, parsed);
    // parseHash guarantees both buffers are KEY_LENGTH long; timingSafeEqual throws otherwise.
    return timingSafeEqual(candidate, parsed.hash);
  } catch {
    return false; // e.g. the machine refused the memory: treat as "not verified", never crash login
  }
}

/**
 * Should this stored hash be replaced (after a successful login) by a new one?
 */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true; // legacy SHA-256, another algorithm, or garbage
  return parsed.N < POLICY.N || parsed.r < POLICY.r || parsed.p < POLICY.p;
}

/**
 * Reads a stored scrypt hash. Returns null when the string is not a valid hash in our format,
 * including parameters outside the accepted bounds (see README.md).
 */
export function parseHash(stored: string): ParsedHash | null {
  if (typeof stored !== 'string') return null;
  const match = FORMAT.exec(stored);
  if (!match) return null;

  const [N, r, p] = [match[1], match[2], match[3]].map(Number);
  // The stored string is input like any other: someone who can write it (a bug, an attacker
  // with database access) could ask for N = 2^30 and make every login allocate a terabyte.
  if (!paramsAreAcceptable({ N, r, p })) return null;

  const salt = Buffer.from(match[4], 'base64');
  const hash = Buffer.from(match[5], 'base64');
  // Exact lengths: a truncated hash would otherwise be compared as a shorter key, and scrypt's
  // shorter outputs are prefixes of its longer ones.
  if (salt.length !== SALT_LENGTH || hash.length !== KEY_LENGTH) return null;

  return { algorithm: 'scrypt', N, r, p, salt, hash };
}

function paramsAreAcceptable({ N, r, p }: ScryptParams) {
  return (
    Number.isSafeInteger(N) && N >= 2 && (N & (N - 1)) === 0 && // a power of two, as scrypt requires
    Number.isSafeInteger(r) && r >= 1 && r <= 32 &&
    Number.isSafeInteger(p) && p >= 1 && p <= 16 &&
    memoryFor({ N, r }) <= MAX_MEMORY_BYTES
  );
}

/** scrypt's main buffer is 128 · N · r bytes. */
function memoryFor({ N, r }: { N: number; r: number }) {
  return 128 * N * r;
}

/**
 * NFC turns "é" typed as e + combining accent into the single character é, so the same
 * password typed on two keyboards gives the same bytes.
 */
function normalize(password: string) {
  return password.normalize('NFC');
}

/**
 * scrypt in a promise. It runs on libuv's thread pool, so the event loop stays free meanwhile.
 */
function deriveKey(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem defaults to 32 MiB; give scrypt room for the parameters we accepted, plus slack.
    const maxmem = memoryFor({ N, r }) + 1024 * 1024;
    scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
