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

/** One store for the whole process; each request's code sees its own value. */
const storage = new AsyncLocalStorage<RequestContext>();

/** Incoming ids we accept as they are: short, and only these characters. */
const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of the request being handled, or undefined outside of any request. */
export function getRequestId(): string | undefined {
  // TODO: read it from the store.
  return undefined;
}

/** Wraps a node:http handler so each request runs inside its own context. */
export function withRequestContext(handler: Handler, { generateId = randomUUID }: { generateId?: () => string } = {}): Handler {
  return (req, res) => {
    // TODO:
    // 1. take req.headers[REQUEST_ID_HEADER] if it matches VALID_ID,
    //    otherwise generateId()
    // 2. set it as the REQUEST_ID_HEADER response header
    // 3. run the handler inside storage.run({ requestId }, …)
    // 4. if the handler throws or rejects, answer 500 instead of crashing
    void storage;
    void VALID_ID;
    void generateId;
    return handler(req, res);
  };
}
