/**
 * Cache-aside in front of a slow loader (a database query, an HTTP call...).
 * See README.md for the exact rules the tests check.
 */

export interface CachedLoaderOptions<V> {
  /** fetches the value from the source of truth */
  load: (key: string) => Promise<V>;
  /** how long a value may be served from the cache, in milliseconds */
  ttlMs: number;
  /** the clock, in milliseconds (default Date.now); tests inject a fake one */
  now?: () => number;
  /** 0 ≤ jitter < 1: each entry's TTL is shortened by a random fraction of up to `jitter`, so entries loaded together do not all expire together (default 0) */
  jitter?: number;
  /** random number in [0, 1) used for jitter (default Math.random) */
  random?: () => number;
  /** keep at most this many values; evict the least recently used (default Infinity) */
  maxEntries?: number;
}

export interface CachedLoader<V> {
  /** the cached value, or the result of one shared load */
  get: (key: string) => Promise<V>;
  /** forget the key, including a load that is still in flight */
  delete: (key: string) => void;
  /** forget everything */
  clear: () => void;
  /** how many values are stored right now (loads in flight do not count) */
  readonly size: number;
}

/** @template V */
export function createCachedLoader<V>({ load, ttlMs, now = Date.now, jitter = 0, random = Math.random, maxEntries = Infinity }: CachedLoaderOptions<V>): CachedLoader<V> {
  // TODO: a Map of stored values with their expiry time (read the clock only through `now`).
  // TODO: a Map of loads in flight, so concurrent misses for one key share a single load.
  void ttlMs;
  void now;
  void jitter;
  void random;
  void maxEntries;

  return {
    async get(key) {
      // TODO: a fresh stored value → return it without calling load.
      // TODO: a load already in flight for this key → return the same promise.
      // TODO: otherwise start a load; store its value when it resolves (unless the key was
      //       deleted in the meantime). A rejection is passed on but never stored.
      return load(key);
    },

    delete(key) {
      // TODO
      void key;
    },

    clear() {
      // TODO
    },

    get size() {
      // TODO
      return 0;
    },
  };
}
