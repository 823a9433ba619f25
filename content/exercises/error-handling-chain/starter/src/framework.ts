/**
 * A deliberately tiny, Express-shaped framework on top of node:http.
 * It is provided: read it, but you should not need to change it.
 *
 * - `compose([...])` turns a list of middleware into a request listener for `http.createServer`.
 * - A middleware with three parameters `(req, res, next)` is a normal middleware.
 *   A middleware with four parameters `(err, req, res, next)` is an error middleware.
 *   compose tells them apart by `fn.length`, exactly like Express does, so keep all four
 *   parameters in an error middleware even if you do not use `next`.
 * - `next()` moves to the next normal middleware; `next(err)` skips every normal middleware
 *   and jumps to the next error middleware.
 * - A synchronous `throw` inside a middleware is caught and turned into `next(err)`.
 *   Like Express 4, compose does NOT look at the promise an async middleware returns:
 *   a rejected promise never reaches `next(err)` unless you arrange it.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, HttpError } from './errors.ts';

export type Request = IncomingMessage & {
  body?: unknown;
  params?: Record<string, string>;
};
export type Response = ServerResponse;
export type Next = (err?: unknown) => void;
export type Middleware = (req: Request, res: Response, next: Next) => unknown;
export type ErrorMiddleware = (err: unknown, req: Request, res: Response, next: Next) => unknown;

/** Builds a node:http request listener that runs the middleware in order. */
export function compose(middlewares: Array<Middleware | ErrorMiddleware>): (req: IncomingMessage, res: Response) => void {
  return (req, res) => {
    runChain(middlewares, req, res, (err) => finalHandler(err, req, res));
  };
}

/**
 * A route: runs `handlers` as a small chain when method and path match, otherwise passes on.
 * Path segments written `:name` are captured into `req.params.name`.
 * @param pattern for example '/users/:id'
 */
export function route(method: string, pattern: string, ...handlers: Array<Middleware | ErrorMiddleware>): Middleware {
  const expected = splitPath(pattern);
  return (req, res, next) => {
    if (req.method !== method) return next();
    const actual = splitPath(pathOf(req));
    if (actual.length !== expected.length) return next();
    const params: Record<string, string> = {};
    for (let i = 0; i < expected.length; i++) {
      const part = expected[i]!;
      if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual[i]!);
      else if (part !== actual[i]) return next();
    }
    req.params = params;
    // When the route's own chain ends, continue (or fail) in the outer chain.
    runChain(handlers, req, res, next);
  };
}

/** Sends `body` as JSON with the given status. */
export function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body) ?? '';
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * Reads a JSON request body into `req.body` (POST, PUT and PATCH only).
 * Malformed JSON becomes a BadRequestError passed to `next(err)`.
 */
export function jsonBody({ limitBytes = 100_000 }: { limitBytes?: number } = {}): Middleware {
  return (req, _res, next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(req.method ?? '')) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        next(new HttpError(413, 'Request body is too large', { code: 'PAYLOAD_TOO_LARGE' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        next(err);
      }
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        req.body = undefined;
        return next();
      }
      try {
        req.body = JSON.parse(text);
      } catch {
        return next(new BadRequestError('Request body is not valid JSON'));
      }
      next();
    });
  };
}

// ---------------------------------------------------------------------------------------------
// Internals

/** @param done called when the chain runs out, with the pending error if there is one */
function runChain(stack: Array<Middleware | ErrorMiddleware>, req: Request, res: Response, done: Next): void {
  let index = 0;
  function next(err?: unknown): void {
    const failing = err !== undefined && err !== null;
    const layer = stack[index++];
    if (!layer) return done(failing ? err : undefined);
    const isErrorMiddleware = layer.length === 4;
    // Normal middleware is skipped while an error is pending, error middleware otherwise.
    if (failing !== isErrorMiddleware) return next(err);
    try {
      if (failing) (layer as ErrorMiddleware)(err, req, res, next);
      else (layer as Middleware)(req, res, next);
    } catch (thrown) {
      next(thrown ?? new Error(`A middleware threw ${String(thrown)}`));
    }
  }
  next();
}

/**
 * What happens when nothing handled the request or the error.
 * Like Express's default handler in development mode, it prints the stack trace to the client:
 * handy on your laptop, a leak in production. Your error handler should make sure that no
 * error ever gets this far.
 */
function finalHandler(err: unknown, req: Request, res: Response): void {
  if (res.headersSent) {
    // Too late to send an error status: cut the connection so the client sees a failure.
    res.destroy();
    return;
  }
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  if (err === undefined) {
    res.statusCode = 404;
    res.end(`Cannot ${req.method} ${pathOf(req)}\n`);
    return;
  }
  res.statusCode = 500;
  res.end(err instanceof Error ? `${err.stack}\n` : `${String(err)}\n`);
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://localhost').pathname;
}

function splitPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}
