// mutant: replays whatever is stored under the key without comparing the request, so a reused key with another body gets the old answer; breaks the 422 idempotency_key_reused rule
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** What the wrapped handler receives: the request with its body already read as text. */
export interface JsonRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the handler returns; the wrapper sends `body` as JSON with `status`. */
export type HandlerResult = { status: number, body: unknown };

export type Handler = (request: JsonRequest) => Promise<HandlerResult>;

/**
 * A finished response, remembered under its Idempotency-Key. You may shape it differently; this is
 * a suggestion. It must be plain data (no promises, no functions): in production it would live in
 * Redis or a database table shared by every instance of the service.
 */
export type StoredResponse = { fingerprint: string, status: number, body: unknown, expiresAt: number };

/** Where finished responses are kept. A `Map` fits; so would a thin wrapper around Redis. */
export interface IdempotencyStore {
  get(key: string): StoredResponse | undefined;
  set(key: string, value: StoredResponse): unknown;
  delete(key: string): unknown;
}

export interface IdempotencyOptions {
  /** how long a finished response is replayed, in milliseconds; default 24 hours */
  ttlMs?: number;
  /** the clock in milliseconds; default Date.now (the tests inject a fake one) */
  now?: () => number;
}

export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
export const REPLAY_HEADER = 'idempotent-replayed';

/**
 * Wraps a handler so that a POST carrying an `Idempotency-Key` header is executed at most once per key.
 *
 * @returns a request listener for http.createServer()
 */
export function withIdempotency(handler: Handler, store: IdempotencyStore, options: IdempotencyOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { ttlMs = DEFAULT_TTL_MS, now = Date.now } = options;

  /**
   * Requests that are running right now, by key. A duplicate that arrives meanwhile awaits the same
   * promise instead of running the handler a second time. This lives in memory because a promise
   * cannot be stored in Redis; across several instances you would claim the key in the shared store
   * with an atomic "set if absent" (Redis SET NX, a unique row in SQL) and make duplicates poll or 409.
   */
  const inFlight: Map<string, { fingerprint: string; result: Promise<HandlerResult>; }> = new Map();

  return async function idempotentListener(req, res) {
    try {
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: await readBody(req),
      };

      const key = req.headers['idempotency-key'];
      if (request.method !== 'POST' || typeof key !== 'string' || key === '') {
        // GET, PUT and DELETE are idempotent by definition; a POST without a key opted out.
        const result = await handler(request);
        sendJson(res, result.status, result.body);
        return;
      }

      const fingerprint = fingerprintOf(request);

      // Everything from here to inFlight.set() is synchronous: no other request can run in between,
      // so checking for the key and claiming it happen as one atomic step.

      // 1. Finished before, and not expired yet: replay it.
      const stored = store.get(key);
      const fresh = stored !== undefined && now() < stored.expiresAt;
      if (stored !== undefined && !fresh) store.delete(key); // expired: the key is free again
      if (stored !== undefined && fresh) {
        sendJson(res, stored.status, stored.body, { [REPLAY_HEADER]: 'true' });
        return;
      }

      // 2. Running right now: wait for the first request and answer with its result.
      const running = inFlight.get(key);
      if (running !== undefined) {
        const result = await running.result; // if the first one fails, this throws → 500 below
        sendJson(res, result.status, result.body, { [REPLAY_HEADER]: 'true' });
        return;
      }

      // 3. First time: claim the key, then run the handler.
      // (async () => …)() turns a handler that throws synchronously into a rejected promise too.
      const result = (async () => handler(request))();
      inFlight.set(key, { fingerprint, result });
      try {
        const { status, body } = await result;
        store.set(key, { fingerprint, status, body, expiresAt: now() + ttlMs });
        sendJson(res, status, body);
      } finally {
        // On failure nothing was stored, so a retry with the same key runs the handler again.
        inFlight.delete(key);
      }
    } catch {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error', message: 'the request failed' });
      else res.destroy();
    }
  };
}

/**
 * The same key was sent with a different request: the client reused a key by mistake. Running the new
 * request would break the promise "one key, one operation"; replaying the old answer would lie.
 */
function sendKeyReused(res: ServerResponse) {
  sendJson(res, 422, {
    error: 'idempotency_key_reused',
    message: 'this Idempotency-Key was already used with a different request',
  });
}

/** Identifies what a request asks for. The same key with a different fingerprint is a client bug. */
export function fingerprintOf(request: JsonRequest): string {
  return createHash('sha256').update(`${request.method} ${request.url}\n${request.body}`).digest('hex');
}

/** Reads the whole request body as UTF-8 text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
