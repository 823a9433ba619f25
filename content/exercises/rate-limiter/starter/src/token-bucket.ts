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
  // TODO: a Map from key to { tokens, updatedAt }. Refill lazily: when a key is used, add the
  //       tokens earned since updatedAt (never above capacity), then try to take one.
  // TODO: a rejected request must not take a token.
  // TODO: evict buckets that have refilled completely; they hold no information. Do it from
  //       take(), at most about once per full-refill interval.
  void refillPerSecond;
  void now;

  return {
    capacity,
    take(key) {
      void key;
      return { allowed: true, remaining: capacity, retryAfterMs: 0 };
    },
    get size() {
      return 0;
    },
  };
}
