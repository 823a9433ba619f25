// mutant: an array of keys kept in recency order (indexOf + splice + shift): correct answers, but every operation is O(n); breaks the rule that get, set, has and delete are O(1)
/** LRU cache with a Map for values and an array of keys in recency order (oldest first). */
export class LRUCache<K, V> {
  #capacity: number;
  #values = new Map<K, V>();
  #order: K[] = [];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number ≥ 1, got ${capacity}`);
    this.#capacity = capacity;
  }

  get capacity(): number {
    return this.#capacity;
  }

  get size(): number {
    return this.#values.size;
  }

  #touch(key: K): void {
    const i = this.#order.indexOf(key);
    if (i !== -1) this.#order.splice(i, 1);
    this.#order.push(key);
  }

  get(key: K): V | undefined {
    if (!this.#values.has(key)) return undefined;
    this.#touch(key);
    return this.#values.get(key);
  }

  has(key: K): boolean {
    return this.#values.has(key);
  }

  set(key: K, value: V): this {
    this.#values.set(key, value);
    this.#touch(key);
    if (this.#values.size > this.#capacity) this.#values.delete(this.#order.shift() as K);
    return this;
  }

  delete(key: K): boolean {
    if (!this.#values.delete(key)) return false;
    this.#order.splice(this.#order.indexOf(key), 1);
    return true;
  }
}
