// Signing and verifying webhook deliveries with HMAC-SHA256.
// Header format: "t=<unix seconds>,v1=<hex signature>[,v1=<hex signature>…]"
// where each signature is HMAC-SHA256(secret, "<t>.<raw body bytes>").

import { createHmac, timingSafeEqual } from 'node:crypto';

export type VerifyResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'stale' };

export interface VerifyOptions {
  /** How far the timestamp may be from now, either way, in seconds (default 300). */
  toleranceSec?: number;
  /** The current time in milliseconds (default Date.now). */
  now?: () => number;
}

/**
 * Build the signature header for a delivery.
 * @param payload the exact bytes that will be sent as the body
 * @param secret the secret shared with the receiver
 * @param [timestamp] unix time in seconds (default: now)
 * @returns e.g. "t=1700000000,v1=5f2c…"
 */
export function sign(payload: string | Buffer, secret: string, timestamp: number = Math.floor(Date.now() / 1000)): string {
  // TODO: HMAC-SHA256 with `secret` over `${timestamp}.` followed by the
  // payload bytes, as lowercase hex, formatted as "t=<timestamp>,v1=<hex>".
  throw new Error('sign() is not implemented yet');
}

/**
 * Split "t=…,v1=…,v1=…" into its timestamp and candidate signatures.
 * Return null when the header cannot be understood at all.
 */
function parseHeader(header: unknown): { timestamp: number; signatures: string[] }|null {
  // TODO: split on ",", then each part on its first "=".
  // - exactly one "t", made of digits only
  // - one or more "v1" values
  // - ignore keys you do not know (v0, a future v2…)
  return null;
}

/**
 * Check that `rawBody` was signed with `secret` recently.
 * @param rawBody the body exactly as received, before any parsing
 * @param header the signature header
 */
export function verify(rawBody: string | Buffer, header: string | undefined, secret: string, { toleranceSec = 300, now = Date.now }: VerifyOptions = {}): VerifyResult {
  // TODO:
  // 1. parseHeader(); unparseable → { ok: false, reason: 'malformed' }
  // 2. recompute the HMAC for the header's timestamp and compare it with
  //    every v1 value using timingSafeEqual (mind: it throws when the
  //    lengths differ); none matches → { ok: false, reason: 'mismatch' }
  // 3. more than toleranceSec away from now(), in either direction
  //    → { ok: false, reason: 'stale' }
  // 4. otherwise → { ok: true, timestamp }
  throw new Error('verify() is not implemented yet');
}
