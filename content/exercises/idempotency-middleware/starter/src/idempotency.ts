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

  // TODO: somewhere to remember the requests that are running right now, so that a duplicate
  //       arriving meanwhile can wait for the same result instead of running the handler again.

  return async function idempotentListener(req, res) {
    try {
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: await readBody(req),
      };

      // TODO: only a POST with an Idempotency-Key header (Node lower-cases header names) is special.
      //       For those, in this order:
      //       1. A finished, unexpired response is stored for the key:
      //          same fingerprint → replay its status and body with the REPLAY_HEADER set to 'true';
      //          different fingerprint → 422.
      //       2. A request with the key is still running: same fingerprint → wait for it, then replay;
      //          different fingerprint → 422.
      //       3. Otherwise run the handler, store the result (with its expiry), and send it.
      //          Claim the key BEFORE the first `await`, or two concurrent requests both get through.
      //       If the handler throws, store nothing, so that a retry can run it again.
      const result = await handler(request);
      sendJson(res, result.status, result.body);
    } catch {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error', message: 'the request failed' });
      else res.destroy();
    }
  };
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
