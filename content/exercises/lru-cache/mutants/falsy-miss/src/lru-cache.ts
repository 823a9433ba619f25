// mutant: get() treats a falsy cached value (0, '', false, null) as a miss; breaks the rule that values can be anything, including falsy ones
/**
 * LRU cache on a Map's insertion order: delete + set moves a key to the newest end, and the first
 * key is the least recently used one.
 */
export class LRUCache<K, V> {
  #capacity: number;
  #map = new Map<K, V>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number ≥ 1, got ${capacity}`);
    this.#capacity = capacity;
  }

  get capacity(): number {
    return this.#capacity;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (!value) return undefined;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  set(key: K, value: V): this {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) {
      this.#map.delete(this.#map.keys().next().value as K);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }
}
