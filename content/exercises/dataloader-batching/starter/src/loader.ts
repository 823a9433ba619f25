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

/** Creates a minimal DataLoader: one per request, wrapping one batch function. */
export function createLoader<K, V>(batchFn: BatchFn<K, V>): Loader<K, V> {
  // TODO: keep a per-loader cache (key -> promise) and a queue of keys waiting for the next batch.
  // TODO: the first load() of a tick schedules one dispatch for later in the same tick
  //       (process.nextTick, queueMicrotask, ...); later load() calls only join the queue.
  // TODO: the dispatch calls batchFn once with the distinct queued keys, then settles each waiting
  //       load() from the result at the same index: resolve with a value, reject with an Error.
  // TODO: if batchFn rejects or returns the wrong number of results, reject every load() of that batch.
  // TODO: a failed key must not stay in the cache, so a later load() can try again.

  return {
    // This is what it does today: every load() is its own batch of one, sent right away.
    // Correct answers, but 100 loads are still 100 queries: the N+1 problem with extra steps.
    async load(key) {
      const [value] = await batchFn([key]);
      if (value instanceof Error) throw value;
      return value as V;
    },
  };
}
