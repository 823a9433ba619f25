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
 * keys between workers when a worker joins or leaves. The workers' HTTP API is described in worker.ts.
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
    // TODO: ask the ring.
    return [...this.#workers.keys()][0] ?? '';
  }

  /** The value stored under `key`, read from its owner; undefined when the owner does not hold it. */
  async get(key: string): Promise<string | undefined> {
    // TODO: GET /kv/<key> on the owner, with a deadline of this.#timeoutMs. 404 → undefined.
    return undefined;
  }

  /** Stores `value` under `key` on its owner. */
  async put(key: string, value: string): Promise<void> {
    // TODO: PUT /kv/<key> on the owner with { value }. An answer that is not 2xx is an error.
  }

  /** Adds a worker and moves to it the keys it now owns. */
  async addWorker(worker: WorkerRef): Promise<RebalanceResult> {
    // TODO: find the keys whose owner changes, copy them, switch the routing, delete the old copies.
    this.#workers.set(worker.id, worker.url);
    this.#ring = new HashRing([...this.#workers.keys()]);
    return { moved: 0 };
  }

  /** Moves every key of a worker to its new owner, then stops sending it traffic. */
  async removeWorker(id: string): Promise<RebalanceResult> {
    // TODO: hand its keys over before it stops receiving traffic.
    this.#workers.delete(id);
    this.#ring = new HashRing([...this.#workers.keys()]);
    return { moved: 0 };
  }
}
