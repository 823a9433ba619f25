/** One entry, linked to its neighbours in recency order. */
interface Node<K, V> {
  key: K;
  value: V;
  prev: Node<K, V> | null;
  next: Node<K, V> | null;
}

/**
 * A cache that holds at most `capacity` entries. When a new entry does not fit, the entry that was
 * used least recently is evicted. `get`, `set`, `has` and `delete` are all O(1).
 *
 * Two structures, each answering one question in O(1):
 * - a Map from key to node answers "where is the entry for this key?";
 * - a doubly linked list in recency order answers "which entry was used least recently?".
 *   Because every node knows both neighbours, any node can be unlinked without a search.
 *
 *   head ⇄ [most recent] ⇄ … ⇄ [least recent] ⇄ tail
 *
 * `head` and `tail` are sentinels: dummy nodes that are always there, so inserting and unlinking never
 * have to special-case an empty list or the first and last element.
 *
 * (A shortcut that also works in JavaScript: a Map iterates in insertion order, so `delete` + `set`
 * moves a key to the end and `map.keys().next().value` is the oldest key. The linked list is the
 * version you can write in any language, and the one interviewers expect you to explain.)
 */
export class LRUCache<K, V> {
  #capacity: number;
  #nodes: Map<K, Node<K, V>> = new Map();
  #head: Node<K, V>;
  #tail: Node<K, V>;

  /**
   * @param capacity the maximum number of entries; a whole number of at least 1
   * @throws {RangeError} when capacity is not a whole number ≥ 1
   */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a whole number of at least 1, got ${capacity}`);
    }
    this.#capacity = capacity;
    // The sentinels never hold real data, so their key and value are never read.
    this.#head = { prev: null, next: null } as unknown as Node<K, V>;
    this.#tail = { prev: this.#head, next: null } as unknown as Node<K, V>;
    this.#head.next = this.#tail;
  }

  /** The maximum number of entries. */
  get capacity() {
    return this.#capacity;
  }

  /** How many entries the cache holds right now. */
  get size() {
    return this.#nodes.size;
  }

  /**
   * Returns the value for `key`, or `undefined` when it is not cached.
   * A hit counts as a use: the entry becomes the most recently used one.
   */
  get(key: K): V | undefined {
    const node = this.#nodes.get(key);
    if (node === undefined) return undefined;
    this.#unlink(node);
    this.#pushFront(node);
    return node.value;
  }

  /** Tells whether `key` is cached. Only looks: recency does not change. */
  has(key: K): boolean {
    return this.#nodes.has(key);
  }

  /**
   * Inserts or updates `key`. The entry becomes the most recently used one. If the cache then holds
   * more than `capacity` entries, the least recently used entry is evicted.
   */
  set(key: K, value: V): this {
    const existing = this.#nodes.get(key);
    if (existing !== undefined) {
      existing.value = value;
      this.#unlink(existing);
      this.#pushFront(existing);
      return this;
    }

    const node: Node<K, V> = { key, value, prev: null, next: null };
    this.#nodes.set(key, node);
    this.#pushFront(node);

    if (this.#nodes.size > this.#capacity) {
      // The least recently used entry sits right before the tail sentinel.
      const oldest = this.#tail.prev as Node<K, V>;
      this.#unlink(oldest);
      this.#nodes.delete(oldest.key);
    }
    return this;
  }

  /**
   * Removes `key`.
   *
   * @returns true when an entry was removed, false when there was none
   */
  delete(key: K): boolean {
    const node = this.#nodes.get(key);
    if (node === undefined) return false;
    this.#unlink(node);
    this.#nodes.delete(key);
    return true;
  }

  /** Takes a node out of the list by joining its neighbours: O(1), no search. */
  #unlink(node: Node<K, V>) {
    const { prev, next } = node;
    if (prev) prev.next = next;
    if (next) next.prev = prev;
    node.prev = null;
    node.next = null;
  }

  /** Inserts a node right after the head sentinel, the most-recent end. */
  #pushFront(node: Node<K, V>) {
    const first = this.#head.next as Node<K, V>;
    node.prev = this.#head;
    node.next = first;
    first.prev = node;
    this.#head.next = node;
  }
}
