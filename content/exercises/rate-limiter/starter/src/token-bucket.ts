// @ts-check
/**
 * A token-bucket rate limiter, one bucket per client key.
 *
 * Each bucket holds up to `capacity` tokens and starts full. A request takes one token; tokens
 * flow back in continuously at `refillPerSecond`. So a client can burst `capacity` requests at
 * once, and sustain `refillPerSecond` requests per second after that.
 */

/**
 * @typedef {object} LimiterOptions
 * @property {number} capacity the most tokens a bucket holds (the allowed burst)
 * @property {number} refillPerSecond tokens added per second, continuously (fractions accumulate)
 * @property {() => number} [now] the clock in milliseconds (default Date.now); tests inject a fake one
 *
 * @typedef {object} TakeResult
 * @property {boolean} allowed whether the request may proceed
 * @property {number} remaining whole tokens left after this request
 * @property {number} retryAfterMs 0 when allowed; otherwise how long until one token is available
 *
 * @typedef {object} Limiter
 * @property {number} capacity
 * @property {(key: string) => TakeResult} take try to take one token from `key`'s bucket
 * @property {number} size how many buckets are held in memory right now
 */

/**
 * @param {LimiterOptions} options
 * @returns {Limiter}
 */
export function createTokenBucketLimiter({ capacity, refillPerSecond, now = Date.now }) {
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
