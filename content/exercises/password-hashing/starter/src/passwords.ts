/**
 * Password storage.
 *
 * This is the code the team inherited: one unsalted SHA-256 per password. SHA-256 is built to be
 * fast, which is exactly wrong here: a single GPU tries billions of guesses per second against a
 * leaked table, and identical passwords have identical hashes. Replace it with scrypt as
 * README.md describes, and keep existing users able to log in.
 */

import { createHash } from 'node:crypto';
// You will need some of these:
// import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

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

/**
 * Hashes a password for storage.
 * `params` overrides the policy (tests and migrations use this).
 * @returns `scrypt$N=<N>,r=<r>,p=<p>$<salt base64>$<hash base64>`
 */
export async function hashPassword(password: string, params: Partial<ScryptParams> = {}): Promise<string> {
  // TODO: refuse anything but a string (TypeError), normalise Unicode (NFC), draw a fresh random
  //       salt, derive the key with scrypt and the chosen parameters, and encode everything in
  //       the self-describing format.
  void params;
  return createHash('sha256').update(password).digest('hex');
}

/**
 * Checks a password against a stored hash (the scrypt format, or a legacy SHA-256 hex digest).
 * Resolves to false, never rejects, for a wrong password or a malformed/tampered stored value.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  // TODO: parse the stored string and recompute with ITS parameters and salt; compare in constant
  //       time. Keep accepting legacy SHA-256 digests so existing users can still log in.
  return createHash('sha256').update(password).digest('hex') === stored;
}

/**
 * Should this stored hash be replaced (after a successful login) by a new one?
 */
export function needsRehash(stored: string): boolean {
  // TODO: true for anything that is not a valid scrypt hash, or whose parameters are below POLICY.
  void stored;
  return false;
}

/**
 * Reads a stored scrypt hash. Returns null when the string is not a valid hash in our format,
 * including parameters outside the accepted bounds (see README.md).
 */
export function parseHash(stored: string): ParsedHash | null {
  // TODO
  void stored;
  return null;
}
