// mutant: copies moving keys to their new owner but never deletes them from the old one, so every moved key is stored twice (and the stale copy comes back if the worker is removed again); breaks the rule that each key is stored on its owner and nowhere else
import { HashRing } from './ring.ts';

/** A worker the router can reach. */
export interface WorkerRef {
  id: string;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
}

export interface RouterOptions {
  /** How long one request to a worker may take before it fails with a TimeoutError; default 1000 ms. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 1000;

/** What a rebalance did. */
export interface RebalanceResult {
  /** How many keys changed owner. */
  moved: number;
}

/**
 * Routes every key to the worker that owns it on a consistent-hash ring of the worker ids, and moves
 * keys between workers when a worker joins or leaves.
 */
export class Router {
  /** id → base URL of every worker that receives traffic */
  #workers: Map<string, string>;
  #ring: HashRing;
  readonly #timeoutMs: number;

  constructor(workers: readonly WorkerRef[], options: RouterOptions = {}) {
    this.#workers = new Map(workers.map((w) => [w.id, w.url]));
    this.#ring = new HashRing([...this.#workers.keys()]);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The ids of the workers that receive traffic, sorted. */
  workers(): string[] {
    return [...this.#workers.keys()].sort();
  }

  /** The id of the worker that owns `key`. */
  ownerOf(key: string): string {
    const owner = this.#ring.ownerOf(key);
    if (owner === undefined) throw new Error('the router has no workers');
    return owner;
  }

  /** The value stored under `key`, read from its owner; undefined when the owner does not hold it. */
  get(key: string): Promise<string | undefined> {
    return this.#read(this.#urlOf(this.ownerOf(key)), key);
  }

  /** Stores `value` under `key` on its owner. */
  put(key: string, value: string): Promise<void> {
    return this.#write(this.#urlOf(this.ownerOf(key)), key, value);
  }

  /** Adds a worker and moves to it the keys it now owns. */
  addWorker(worker: WorkerRef): Promise<RebalanceResult> {
    return this.#rebalance(new Map(this.#workers).set(worker.id, worker.url));
  }

  /** Moves every key of a worker to its new owner, then stops sending it traffic. */
  removeWorker(id: string): Promise<RebalanceResult> {
    const next = new Map(this.#workers);
    next.delete(id);
    return this.#rebalance(next);
  }

  /**
   * Copy, switch, clean up. Until the switch, routing is unchanged, so every read still finds its
   * value on the old owner; if a copy fails, nothing has been deleted and the old routing stays.
   */
  async #rebalance(next: Map<string, string>): Promise<RebalanceResult> {
    const nextRing = new HashRing([...next.keys()]);
    const moves: { key: string; from: string; to: string }[] = [];
    for (const [id, url] of this.#workers) {
      for (const key of await this.#keysOf(url)) {
        const owner = nextRing.ownerOf(key);
        if (owner !== undefined && owner !== id) moves.push({ key, from: url, to: next.get(owner)! });
      }
    }
    // 1. Copy each moving key to its new owner (reads keep going to the old owners meanwhile).
    for (const { key, from, to } of moves) {
      const value = await this.#read(from, key);
      if (value !== undefined) await this.#write(to, key, value);
    }
    // 2. Switch: from now on, requests follow the new ring.
    this.#workers = next;
    this.#ring = nextRing;
    // 3. Delete the old copies, so each key lives in one place.
    return { moved: moves.length };
  }

  #urlOf(id: string): string {
    const url = this.#workers.get(id);
    if (url === undefined) throw new Error(`unknown worker ${id}`);
    return url;
  }

  async #keysOf(url: string): Promise<string[]> {
    const res = await this.#request(url, 'GET');
    return ((await res.json()) as { keys: string[] }).keys;
  }

  async #read(url: string, key: string): Promise<string | undefined> {
    const res = await this.#request(url, 'GET', key, undefined, [404]);
    if (res.status === 404) return undefined;
    return ((await res.json()) as { value: string }).value;
  }

  async #write(url: string, key: string, value: string): Promise<void> {
    await this.#request(url, 'PUT', key, { value });
  }

  /** One request with a deadline; a status outside 2xx (and `allowed`) is an error. */
  async #request(url: string, method: string, key?: string, body?: unknown, allowed: number[] = []): Promise<Response> {
    const path = key === undefined ? '/keys' : `/kv/${encodeURIComponent(key)}`;
    const init: RequestInit = { method, signal: AbortSignal.timeout(this.#timeoutMs) };
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const res = await fetch(url + path, init);
    if (!res.ok && !allowed.includes(res.status)) {
      await res.body?.cancel();
      throw new Error(`${method} ${path} on ${url} answered ${res.status}`);
    }
    return res;
  }
}
