/**
 * A cache that holds at most `capacity` entries. When a new entry does not fit, the entry that was
 * used least recently is evicted. `get`, `set`, `has` and `delete` must all be O(1): they may not
 * walk over the entries (no indexOf, splice, shift, or loops over the whole cache).
 */
export class LRUCache<K, V> {
  #capacity: number;

  /**
   * @param capacity the maximum number of entries; a whole number of at least 1
   * @throws {RangeError} when capacity is not a whole number ≥ 1
   */
  constructor(capacity: number) {
    // TODO: validate capacity and set up your internal state.
    //       You need O(1) answers to two questions: "where is the entry for this key?"
    //       and "which entry was used least recently?" (README.md describes two ways).
    this.#capacity = capacity;
  }

  /** The maximum number of entries. */
  get capacity() {
    return this.#capacity;
  }

  /** How many entries the cache holds right now. */
  get size() {
    // TODO
    return 0;
  }

  /**
   * Returns the value for `key`, or `undefined` when it is not cached.
   * A hit counts as a use: the entry becomes the most recently used one.
   */
  get(key: K): V | undefined {
    throw new Error('TODO: LRUCache#get is not written yet');
  }

  /** Tells whether `key` is cached. Only looks: recency does not change. */
  has(key: K): boolean {
    throw new Error('TODO: LRUCache#has is not written yet');
  }

  /**
   * Inserts or updates `key`. The entry becomes the most recently used one. If the cache then holds
   * more than `capacity` entries, the least recently used entry is evicted.
   *
   * @returns the cache, so calls can be chained like Map#set
   */
  set(key: K, value: V): this {
    throw new Error('TODO: LRUCache#set is not written yet');
  }

  /**
   * Removes `key`.
   *
   * @returns true when an entry was removed, false when there was none
   */
  delete(key: K): boolean {
    throw new Error('TODO: LRUCache#delete is not written yet');
  }
}
