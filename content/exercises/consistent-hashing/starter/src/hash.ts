import { createHash } from 'node:crypto';

/**
 * The default ring hash: the first 32 bits of MD5, as an unsigned integer in [0, 2^32).
 * MD5 is not used for security here, only because it spreads similar strings ("cache-a#0",
 * "cache-a#1", …) evenly over the whole range, and every language can compute it, so clients written
 * in other languages can build the exact same ring.
 *
 * You do not need to change this file.
 */
export function hash32(value: string): number {
  return createHash('md5').update(value).digest().readUInt32BE(0);
}
