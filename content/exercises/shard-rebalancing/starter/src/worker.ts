import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A storage worker: an in-memory key-value store behind a small HTTP API. In production each would
 * be its own process or machine; here the tests start several on free ports of 127.0.0.1.
 *
 *   GET    /keys        200 { "keys": ["user:1", …] }   every key this worker holds
 *   GET    /kv/<key>    200 { "value": "…" }, or 404 when it does not hold the key
 *   PUT    /kv/<key>    body { "value": "…" }  →  204
 *   DELETE /kv/<key>    204 (also when it did not hold the key)
 *
 * `<key>` is encoded with encodeURIComponent. You do not need to change this file. The fields below
 * the API (`store`, `requests`, the faults) are for the tests, and for your own experiments.
 */
export class Worker {
  readonly id: string;
  readonly url: string;
  /** What the worker holds. The tests read it to see where each key really is. */
  readonly store = new Map<string, string>();
  /** Every request it received, in order: the tests check which keys a rebalance touched. */
  readonly requests: { method: string; key?: string }[] = [];
  /** Fault: accept requests and never answer them, like a worker stuck in a long GC pause. */
  stalled = false;
  /** Fault: answer every PUT with 503 and store nothing, like a worker whose disk is full. */
  failWrites = false;
  /** Fault: answer every GET of a key with 503, like a worker whose storage is being repaired. */
  failReads = false;
  #heldWrites: (() => void)[] | undefined;
  readonly #server: Server;

  constructor(id: string, server: Server, url: string) {
    this.id = id;
    this.#server = server;
    this.url = url;
  }

  /**
   * Holds every PUT (before it stores anything) until the returned function is called. While writes
   * are held, the test can look at what the router does in the middle of a rebalance.
   */
  holdWrites(): () => void {
    const held: (() => void)[] = [];
    this.#heldWrites = held;
    return () => {
      this.#heldWrites = undefined;
      for (const release of held.splice(0)) release();
    };
  }

  /** Number of PUTs waiting behind holdWrites(). */
  get heldWrites(): number {
    return this.#heldWrites?.length ?? 0;
  }

  /** Stops the server and drops every open connection (a stalled request included). */
  close(): Promise<void> {
    const released = this.#heldWrites?.splice(0) ?? [];
    for (const release of released) release();
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** @internal the HTTP API above */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    const method = req.method ?? 'GET';
    const key = path.startsWith('/kv/') ? decodeURIComponent(path.slice('/kv/'.length)) : undefined;
    this.requests.push(key === undefined ? { method } : { method, key });
    if (this.stalled) return; // never answers; close() cuts the connection
    if (method === 'GET' && path === '/keys') return send(res, 200, { keys: [...this.store.keys()] });
    if (key === undefined || key === '') return send(res, 404, { error: 'no_such_route' });
    if (method === 'GET') {
      if (this.failReads) return send(res, 503, { error: 'unavailable' });
      const value = this.store.get(key);
      return value === undefined ? send(res, 404, { error: 'no_such_key' }) : send(res, 200, { value });
    }
    if (method === 'DELETE') {
      this.store.delete(key);
      return send(res, 204);
    }
    if (method === 'PUT') {
      const body = await readJson(req);
      const held = this.#heldWrites;
      if (held) await new Promise<void>((resolve) => held.push(resolve));
      if (this.failWrites) return send(res, 503, { error: 'disk_full' });
      if (typeof body?.value !== 'string') return send(res, 400, { error: 'value must be a string' });
      this.store.set(key, body.value);
      return send(res, 204);
    }
    return send(res, 405, { error: 'method_not_allowed' });
  }
}

/** Starts a worker on a free port of 127.0.0.1. */
export async function startWorker(id: string): Promise<Worker> {
  let worker: Worker | undefined;
  const server = createServer((req, res) => {
    worker?.handle(req, res).catch(() => send(res, 500, { error: 'worker_failed' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  worker = new Worker(id, server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return worker;
}

async function readJson(req: IncomingMessage): Promise<{ value?: unknown } | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value?: unknown };
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
