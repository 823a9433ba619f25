// mutant: only rejects timestamps in the past; one from the future is accepted.
// Breaks verify rule 3: "more than toleranceSec away from now(), in either direction".
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
 * The raw HMAC bytes for one timestamp and body. The timestamp is part of the
 * signed message, so an attacker cannot take an old delivery and give it a
 * fresh `t=`: the signature would no longer match.
 */
function computeSignature(payload: string | Buffer, secret: string, timestamp: number) {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest();
}

/**
 * Build the signature header for a delivery.
 * @param payload the exact bytes that will be sent as the body
 * @param secret the secret shared with the receiver
 * @param [timestamp] unix time in seconds (default: now)
 * @returns e.g. "t=1700000000,v1=5f2c…"
 */
export function sign(payload: string | Buffer, secret: string, timestamp: number = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${computeSignature(payload, secret, timestamp).toString('hex')}`;
}

/**
 * Split "t=…,v1=…,v1=…" into its timestamp and candidate signatures.
 * Returns null when the header cannot be understood at all.
 */
function parseHeader(header: unknown): { timestamp: number; signatures: string[] }|null {
  if (typeof header !== 'string' || header.length === 0) return null;
  let t: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue; // not a key=value pair: ignore, like an unknown scheme
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined) return null; // two timestamps: ambiguous, refuse
      t = value;
    } else if (key === 'v1') {
      signatures.push(value);
    }
    // Other keys (v0, a future v2…) are ignored so senders can add schemes.
  }
  if (t === undefined || !/^\d{1,12}$/.test(t) || signatures.length === 0) return null;
  return { timestamp: Number(t), signatures };
}

/**
 * Check that `rawBody` was signed with `secret` recently.
 * @param rawBody the body exactly as received, before any parsing
 * @param header the signature header
 */
export function verify(rawBody: string | Buffer, header: string | undefined, secret: string, { toleranceSec = 300, now = Date.now }: VerifyOptions = {}): VerifyResult {
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };

  const expected = computeSignature(rawBody, secret, parsed.timestamp);
  // Several v1 values mean the sender signed with several secrets (during a
  // rotation, the old and the new one). Any one of them matching is enough.
  const matches = parsed.signatures.some((candidate) => {
    if (!/^[0-9a-f]{64}$/i.test(candidate)) return false;
    // timingSafeEqual takes the same time whatever the first differing byte
    // is, so response timing leaks nothing about the right signature. It
    // throws on different lengths, which the regex above rules out.
    return timingSafeEqual(expected, Buffer.from(candidate, 'hex'));
  });
  if (!matches) return { ok: false, reason: 'mismatch' };

  // The signature is genuine; now refuse replays of old deliveries and
  // timestamps from the future (a skewed or hostile clock).
  const ageSec = now() / 1000 - parsed.timestamp;
  if (ageSec > toleranceSec) return { ok: false, reason: 'stale' };

  return { ok: true, timestamp: parsed.timestamp };
}
