/**
 * A batch function receives the distinct keys requested in one tick and returns one result per key,
 * in the same order as the keys. A result that is an Error fails only that key's load().
 */
export type BatchFn<K, V> = (keys: K[]) => Promise<Array<V | Error>>;

export interface Loader<K, V> {
  /**
   * Resolves with the value for `key`. All load() calls made in the same tick are sent to the
   * batch function together, in one call.
   */
  load(key: K): Promise<V>;
}

/** A key waiting for the next dispatch, with the functions that settle its promise. */
interface Waiting<K, V> {
  key: K;
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs `fn` once the current tick is over: after every promise callback that is already queued
 * (so loads made in `.then()` callbacks and after `await`s of settled promises still join), but
 * before the event loop goes on to timers and I/O. This is the same trick the DataLoader library uses.
 */
function afterThisTick(fn: () => void): void {
  void Promise.resolve().then(() => process.nextTick(fn));
}

/** Creates a minimal DataLoader: one per request, wrapping one batch function. */
export function createLoader<K, V>(batchFn: BatchFn<K, V>): Loader<K, V> {
  // One promise per key ever requested from this loader. Caching the promise (not the value) is what
  // de-duplicates: a second load() of a key still in the queue gets the same pending promise.
  const cache = new Map<K, Promise<V>>();

  // The keys of the batch being collected in this tick; null when no dispatch is scheduled.
  let queue: Waiting<K, V>[] | null = null;

  async function dispatch(batch: Waiting<K, V>[]): Promise<void> {
    const keys = batch.map((waiting) => waiting.key);
    let results: Array<V | Error>;
    try {
      results = await batchFn(keys);
      // The only link between a key and its result is the position. If the lengths differ, any
      // matching would be a guess, and handing one user's row to another is worse than failing.
      if (!Array.isArray(results) || results.length !== keys.length) {
        throw new TypeError(
          `the batch function must return an array with one result per key (${keys.length}), ` +
            `got ${Array.isArray(results) ? `${results.length} results` : typeof results}`,
        );
      }
    } catch (error) {
      // A failure of the whole batch (a lost connection, a bug) fails every load that was waiting
      // on it. Nobody may be left hanging.
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, i) => {
      const result = results[i];
      if (result instanceof Error) waiting.reject(result);
      else waiting.resolve(result);
    });
  }

  return {
    load(key) {
      const cached = cache.get(key);
      if (cached) return cached;

      if (queue === null) {
        // First load of this tick: schedule exactly one dispatch for everything requested until then.
        const batch: Waiting<K, V>[] = [];
        queue = batch;
        afterThisTick(() => {
          queue = null; // loads from now on start the next batch
          void dispatch(batch);
        });
      }
      const batch = queue;

      const promise = new Promise<V>((resolve, reject) => batch.push({ key, resolve, reject }));
      cache.set(key, promise);
      // Keep successes, forget failures: an error may be temporary, and a later load() should retry.
      // (This handler also keeps the cache's own copy of the promise from being an unhandled rejection;
      // the caller still sees the rejection through the promise we return.)
      promise.catch(() => {
        if (cache.get(key) === promise) cache.delete(key);
      });
      return promise;
    },
  };
}
