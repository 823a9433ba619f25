// mutant: jitter adds to the TTL instead of taking from it, so a value can be served after ttlMs; breaks rule 7 (the TTL can only get shorter)
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
  if (!(ttlMs > 0)) throw new RangeError('ttlMs must be a positive number of milliseconds');
  if (!(jitter >= 0 && jitter < 1)) throw new RangeError('jitter must be in [0, 1)');
  if (!(maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');

  /**
   * Stored values. A Map iterates in insertion order, so re-inserting a key on every hit keeps
   * the least recently used entry first: that is all the LRU bookkeeping we need.
   */
  const entries: Map<string, { value: V; expiresAt: number; }> = new Map();

  /**
   * Loads in flight. Sharing the promise is what stops a stampede: the first miss starts the
   * load, every other caller for the same key awaits the same promise.
   */
  const inFlight: Map<string, Promise<V>> = new Map();

  function store(key: string, value: V) {
    // Jitter only ever shortens the TTL, so ttlMs stays a hard limit on staleness.
    const ttl = ttlMs * (1 + jitter * random());
    entries.delete(key);
    entries.set(key, { value, expiresAt: now() + ttl });
    while (entries.size > maxEntries) {
      const oldest = (entries.keys().next().value as string);
      entries.delete(oldest);
    }
  }

  function startLoad(key: string) {
    let loading: Promise<V>;
    try {
      loading = Promise.resolve(load(key));
    } catch (err) {
      loading = Promise.reject(err); // a loader that throws synchronously still gives a rejection
    }

    const flight: Promise<V> = loading.then(
      (value) => {
        // Only the load that is still registered may write. If delete() ran while we were
        // loading, our value may predate the change that caused the delete: drop it.
        if (inFlight.get(key) === flight) {
          inFlight.delete(key);
          store(key, value);
        }
        return value;
      },
      (err) => {
        // Errors are not cached: the next get tries again. Everyone who shared this
        // load gets the same rejection.
        if (inFlight.get(key) === flight) inFlight.delete(key);
        throw err;
      },
    );
    inFlight.set(key, flight);
    return flight;
  }

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry) {
        if (now() < entry.expiresAt) {
          entries.delete(key); // mark as most recently used
          entries.set(key, entry);
          return Promise.resolve(entry.value);
        }
        entries.delete(key); // expired: treat as a miss and free the memory now
      }
      return inFlight.get(key) ?? startLoad(key);
    },

    delete(key) {
      entries.delete(key);
      // Forgetting the flight means its result will not be stored (see startLoad), and the next
      // get starts a fresh load instead of joining one that may return stale data.
      inFlight.delete(key);
    },

    clear() {
      entries.clear();
      inFlight.clear();
    },

    get size() {
      return entries.size;
    },
  };
}
