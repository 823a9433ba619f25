// @ts-check

/**
 * A cache that holds at most `capacity` entries. When a new entry does not fit, the entry that was
 * used least recently is evicted. `get`, `set`, `has` and `delete` must all be O(1): they may not
 * walk over the entries (no indexOf, splice, shift, or loops over the whole cache).
 *
 * @template K, V
 */
export class LRUCache {
  /**
   * @param {number} capacity the maximum number of entries; a whole number of at least 1
   * @throws {RangeError} when capacity is not a whole number ≥ 1
   */
  constructor(capacity) {
    // TODO: validate capacity and set up your internal state.
    //       You need O(1) answers to two questions: "where is the entry for this key?"
    //       and "which entry was used least recently?" (README.md describes two ways).
    this._capacity = capacity;
  }

  /** The maximum number of entries. */
  get capacity() {
    return this._capacity;
  }

  /** How many entries the cache holds right now. */
  get size() {
    // TODO
    return 0;
  }

  /**
   * Returns the value for `key`, or `undefined` when it is not cached.
   * A hit counts as a use: the entry becomes the most recently used one.
   *
   * @param {K} key
   * @returns {V | undefined}
   */
  get(key) {
    throw new Error('TODO: LRUCache#get is not written yet');
  }

  /**
   * Tells whether `key` is cached. Only looks: recency does not change.
   *
   * @param {K} key
   * @returns {boolean}
   */
  has(key) {
    throw new Error('TODO: LRUCache#has is not written yet');
  }

  /**
   * Inserts or updates `key`. The entry becomes the most recently used one. If the cache then holds
   * more than `capacity` entries, the least recently used entry is evicted.
   *
   * @param {K} key
   * @param {V} value
   * @returns {this} the cache, so calls can be chained like Map#set
   */
  set(key, value) {
    throw new Error('TODO: LRUCache#set is not written yet');
  }

  /**
   * Removes `key`.
   *
   * @param {K} key
   * @returns {boolean} true when an entry was removed, false when there was none
   */
  delete(key) {
    throw new Error('TODO: LRUCache#delete is not written yet');
  }
}
