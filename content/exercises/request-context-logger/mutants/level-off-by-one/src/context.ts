// Request context for node:http: every request gets an id, and any code that
// runs on behalf of that request (after awaits, in timers, in callbacks) can
// read it back without it being passed down as a parameter.

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type RequestContext = { requestId: string };

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** The request header that carries the id, in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * One store for the whole process. AsyncLocalStorage hands each asynchronous
 * chain its own value: the store set by run() follows every promise, timer
 * and callback created inside it, and nothing created outside.
 */
const storage = new AsyncLocalStorage<RequestContext>();

/**
 * An incoming id is untrusted input that ends up in every log line. Accept
 * only short, boring ids; anything else could be used to forge log entries
 * or blow up log storage.
 */
const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of the request being handled, or undefined outside of any request. */
export function getRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Wraps a node:http handler so each request runs inside its own context. */
export function withRequestContext(handler: Handler, { generateId = randomUUID }: { generateId?: () => string } = {}): Handler {
  return (req, res) => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    // Reuse the caller's id when it is sane, so one id follows the request
    // across services; otherwise start a new one.
    const requestId = typeof incoming === 'string' && VALID_ID.test(incoming) ? incoming : generateId();

    // Echo it before the handler runs, so even an error response carries it
    // and a user can quote it to support.
    res.setHeader(REQUEST_ID_HEADER, requestId);

    return storage.run({ requestId }, async () => {
      try {
        await handler(req, res);
      } catch {
        // A throwing handler must not crash the process or leave the client
        // hanging. (A real app would log the error here.)
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end();
        } else {
          res.destroy();
        }
      }
    });
  };
}
