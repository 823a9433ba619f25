// mutant: takes a token on every request, allowed or not, so the tokens go negative while a client hammers.
// Breaks "a rejected request takes no token".
/**
 * A token-bucket rate limiter, one bucket per client key.
 *
 * Each bucket holds up to `capacity` tokens and starts full. A request takes one token; tokens
 * flow back in continuously at `refillPerSecond`. So a client can burst `capacity` requests at
 * once, and sustain `refillPerSecond` requests per second after that.
 */

export interface LimiterOptions {
  /** The most tokens a bucket holds (the allowed burst). */
  capacity: number;
  /** Tokens added per second, continuously (fractions accumulate). */
  refillPerSecond: number;
  /** The clock in milliseconds (default Date.now); tests inject a fake one. */
  now?: () => number;
}

export interface TakeResult {
  /** Whether the request may proceed. */
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** 0 when allowed; otherwise how long until one token is available, in ms, rounded up. */
  retryAfterMs: number;
}

export interface Limiter {
  readonly capacity: number;
  /** Tries to take one token from `key`'s bucket. */
  take(key: string): TakeResult;
  /** How many buckets are held in memory right now. */
  readonly size: number;
}

export function createTokenBucketLimiter({ capacity, refillPerSecond, now = Date.now }: LimiterOptions): Limiter {
  if (!(Number.isFinite(capacity) && capacity >= 1)) throw new RangeError('capacity must be at least 1');
  if (!(Number.isFinite(refillPerSecond) && refillPerSecond > 0)) throw new RangeError('refillPerSecond must be positive');

  /** How long an empty bucket takes to become full again. */
  const fullRefillMs = (capacity * 1000) / refillPerSecond;

  /**
   * We never run a timer per bucket. A bucket only stores its token count at the last time we
   * looked; the tokens earned since are computed when the key shows up again ("lazy refill").
   * @type {Map<string, { tokens: number, updatedAt: number }>}
   */
  const buckets: Map<string,{ tokens: number; updatedAt: number }> = new Map();
  let lastSweep = now();

  /**
   * Brings a bucket up to date at time `t`.
   */
  function refill(bucket: { tokens: number; updatedAt: number }, t: number) {
    const elapsed = Math.max(0, t - bucket.updatedAt); // a clock that steps back earns nothing
    bucket.tokens = Math.min(capacity, bucket.tokens + (elapsed * refillPerSecond) / 1000);
    bucket.updatedAt = t;
  }

  /**
   * A full bucket is indistinguishable from no bucket (a new one starts full), so dropping it
   * loses nothing. Once per full-refill interval keeps the cost O(1) per take on average, and any
   * key idle for that long is full by then, so memory stays proportional to the active clients.
   */
  function sweep(t: number) {
    for (const [key, bucket] of buckets) {
      refill(bucket, t);
      if (bucket.tokens >= capacity) buckets.delete(key);
    }
    lastSweep = t;
  }

  return {
    capacity,

    take(key) {
      const t = now();
      if (t - lastSweep >= fullRefillMs) sweep(t);

      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: capacity, updatedAt: t };
        buckets.set(key, bucket);
      }
      refill(bucket, t);

      bucket.tokens -= 1;
      if (bucket.tokens >= 0) {
        return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterMs: 0 };
      }
      // Rejected requests take nothing: a client that keeps hammering is not punished beyond
      // the limit itself, and its wait does not grow with every attempt.
      const missing = -bucket.tokens;
      return { allowed: false, remaining: 0, retryAfterMs: Math.ceil((missing * 1000) / refillPerSecond) };
    },

    get size() {
      return buckets.size;
    },
  };
}
