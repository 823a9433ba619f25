// mutant: set() on an existing key updates the value where it is, so an update does not count as a use; breaks the rule that set() makes the entry the most recently used
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
    if (!this.#map.has(key)) return undefined;
    const value = this.#map.get(key) as V;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  set(key: K, value: V): this {
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
