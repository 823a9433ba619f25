// mutant: keys are turned into strings (JSON for objects) so that equal-looking keys collide; breaks the rule that keys are compared the way a Map compares them
/**
 * LRU cache on a Map's insertion order: delete + set moves a key to the newest end, and the first
 * key is the least recently used one.
 */
export class LRUCache<K, V> {
  #capacity: number;
  #map = new Map<string, V>();
  #key = (key: K): string => (typeof key === 'object' && key !== null ? JSON.stringify(key) : String(key));

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
    const k = this.#key(key);
    if (!this.#map.has(k)) return undefined;
    const value = this.#map.get(k) as V;
    this.#map.delete(k);
    this.#map.set(k, value);
    return value;
  }

  has(key: K): boolean {
    return this.#map.has(this.#key(key));
  }

  set(key: K, value: V): this {
    this.#map.delete(this.#key(key));
    this.#map.set(this.#key(key), value);
    if (this.#map.size > this.#capacity) {
      this.#map.delete(this.#map.keys().next().value as string);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.#map.delete(this.#key(key));
  }
}
